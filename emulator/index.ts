/**
 * A CodeArts Repo + IAM emulator on loopback, faithful to the documented wire format, for tests,
 * demos and trying programs without a Huawei Cloud account.
 *
 * Control endpoints (no auth, not counted):
 *   GET    /__emulator/seed       the seeded domain, projects and users
 *   GET    /__emulator/requests   requests per route since start or the last reset
 *   DELETE /__emulator/requests   reset the counters
 *   PUT    /__emulator/settings   { creationDelayMs?, failCreationPattern?, tokenTtlSeconds? }
 */
import { AddressInfo } from "node:net";
import { iamHandlers, IamSettings } from "./iam";
import { keyHandlers } from "./keys";
import { repositoryHandlers, RepositorySettings } from "./repositories";
import { ControlHandler, Handlers, RequestCounter, createEmulatorServer } from "./server";
import { Seed, World, defaultSeed, stableHex } from "./state";

export const DEFAULTS = {
  host: "127.0.0.1",
  token: "emulator-token",
  user: "emulator-admin",
  password: "emulator-password",
  accessKey: "EMULATORACCESSKEY0001",
  secretKey: "emulator-secret-key",
  creationDelayMs: 300,
  tokenTtlSeconds: 24 * 60 * 60,
} as const;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Tokens accepted as X-Auth-Token without IAM. Default: ["emulator-token"]. */
  tokens?: string[];
  /** IAM users as name → password. Default: emulator-admin / emulator-password. */
  users?: Record<string, string>;
  /** Access key pair for AK/SK signing. */
  accessKey?: string;
  secretKey?: string;
  /** The CodeArts project uuid (32 hex). Default: a fixed one, see GET /__emulator/seed. */
  projectId?: string;
  /** Persist state in this JSON file across restarts. */
  dataFile?: string;
  creationDelayMs?: number;
  tokenTtlSeconds?: number;
}

export interface RunningEmulator {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  seed: Seed;
  requests: RequestCounter;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const users = options.users ?? { [DEFAULTS.user]: DEFAULTS.password };
  const [adminUser] = Object.keys(users);
  if (options.projectId !== undefined && !/^[0-9a-fA-F]{32}$/.test(options.projectId)) {
    throw new Error(`project id must be 32 hexadecimal characters, got "${options.projectId}"`);
  }
  const seed = defaultSeed({ projectId: options.projectId, adminUser });
  for (const name of Object.keys(users).slice(1)) {
    if (!seed.users.some((u) => u.name === name)) {
      seed.users.push({ id: stableHex(`user:${name}`), numericId: 1001 + seed.users.length, name });
    }
  }
  const world = new World(seed, options.dataFile);
  const iam: IamSettings = {
    passwords: new Map(Object.entries(users)),
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
  };
  const repositories: RepositorySettings = { creationDelayMs: options.creationDelayMs ?? DEFAULTS.creationDelayMs };
  const handlers: Handlers = {
    ...iamHandlers(world, iam),
    ...repositoryHandlers(world, repositories),
    ...keyHandlers(world),
  };
  const counter = new RequestCounter();

  const controls: Record<string, ControlHandler> = {
    seed: () => seed,
    requests: ({ method }) => {
      if (method === "DELETE") counter.reset();
      return counter.snapshot();
    },
    settings: ({ method, body }) => {
      if (method === "PUT") {
        const patch = (body ?? {}) as { creationDelayMs?: number; failCreationPattern?: string | null; tokenTtlSeconds?: number };
        if (patch.creationDelayMs !== undefined) repositories.creationDelayMs = patch.creationDelayMs;
        if (patch.failCreationPattern !== undefined) {
          repositories.failCreationPattern = patch.failCreationPattern === null ? undefined : new RegExp(patch.failCreationPattern);
        }
        if (patch.tokenTtlSeconds !== undefined) iam.tokenTtlSeconds = patch.tokenTtlSeconds;
      }
      return {
        creationDelayMs: repositories.creationDelayMs,
        failCreationPattern: repositories.failCreationPattern?.source ?? null,
        tokenTtlSeconds: iam.tokenTtlSeconds,
      };
    },
  };

  const server = createEmulatorServer(world, handlers, { staticTokens: options.tokens ?? [DEFAULTS.token] }, controls, counter);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? DEFAULTS.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? DEFAULTS.host;
  return {
    url: `http://${host}:${port}`,
    port,
    seed,
    requests: counter,
    close: () =>
      new Promise<void>((resolve) => {
        world.save();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { Seed } from "./state";
