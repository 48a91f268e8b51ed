/** IAM: POST /v3/auth/tokens with the password method and a project scope. */
import { ErrorCodes } from "../wire";
import { Fault, Handlers, Reply } from "./server";
import { World, randomHex } from "./state";

export interface IamSettings {
  /** Accepted user name → password. */
  passwords: Map<string, string>;
  tokenTtlSeconds: number;
  /**
   * Refuse tokens as expired this many seconds after issue, whatever expires_at said: how a token
   * revoked or expired early looks to a client in the middle of a run.
   */
  revokeTokensAfterSeconds?: number;
}

export function iamHandlers(world: World, settings: IamSettings): Pick<Handlers, "iamCreateToken"> {
  return {
    iamCreateToken({ body }) {
      const { user } = body.auth.identity.password;
      const scope = body.auth.scope.project;
      const known = world.seed.users.find((u) => u.name === user.name);
      const password = settings.passwords.get(user.name);
      if (!known || password === undefined || password !== user.password || user.domain.name !== world.seed.domain.name) {
        throw new Fault(401, ErrorCodes.iamBadCredentials, "The username or password is wrong.", true);
      }
      const project = world.seed.iamProject;
      const matches = "id" in scope ? scope.id === project.id : scope.name === project.name;
      if (!matches) {
        throw new Fault(400, ErrorCodes.invalidParam, `The project in the token scope does not exist: ${JSON.stringify(scope)}`, true);
      }
      const issuedAt = Date.now();
      const expiresAt = issuedAt + settings.tokenTtlSeconds * 1000;
      const refusedFrom = settings.revokeTokensAfterSeconds === undefined ? expiresAt : Math.min(expiresAt, issuedAt + settings.revokeTokensAfterSeconds * 1000);
      const token = `MII${randomHex(48)}`;
      world.data.tokens = world.data.tokens.filter((t) => t.expiresAt > issuedAt);
      world.data.tokens.push({ token, userId: known.id, expiresAt: refusedFrom });
      world.save();
      const domain = { id: world.seed.domain.id, name: world.seed.domain.name };
      return new Reply(
        {
          token: {
            expires_at: new Date(expiresAt).toISOString(),
            issued_at: new Date(issuedAt).toISOString(),
            methods: ["password"],
            project: { id: project.id, name: project.name },
            user: { id: known.id, name: known.name, domain },
          },
        },
        201,
        { "x-subject-token": token },
      );
    },
  };
}
