import { CodeArtsClient } from "../../provider/client";
import { DEFAULTS, EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator";

export interface EmulatorFixture {
  emulator: RunningEmulator;
  /** A client authenticated with the emulator's static token: the "console" for out-of-band changes. */
  admin: CodeArtsClient;
  /** The token `admin` uses. */
  adminToken: string;
  projectId: string;
  /** Requests the emulator counted since the last reset. */
  requests(): { total: number; byRoute: Record<string, number> };
  resetRequests(): void;
  close(): Promise<void>;
}

export async function startFixture(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const emulator = await startEmulator({ creationDelayMs: 50, ...options });
  const adminToken = options.tokens?.[0] ?? DEFAULTS.token;
  const admin = new CodeArtsClient({ endpoint: emulator.url, iamEndpoint: emulator.url, auth: { kind: "token", token: adminToken } });
  // Tests may restart the emulator in place (same port): always use the current one.
  const fixture: EmulatorFixture = {
    emulator,
    admin,
    adminToken,
    projectId: emulator.seed.project.id,
    requests: () => fixture.emulator.requests.snapshot(),
    resetRequests: () => fixture.emulator.requests.reset(),
    close: () => fixture.emulator.close(),
  };
  return fixture;
}

export async function listRepositoryNames(fixture: EmulatorFixture): Promise<string[]> {
  const list = await freshClient(fixture).call("listProjectRepositories", {
    params: { project_uuid: fixture.projectId },
    query: { page_size: 100 },
  });
  return list.repositories.map((repo) => repo.repository_name).sort();
}

/**
 * A new client each call, for looking at the emulator as the console would: unlike `admin`, it
 * cannot answer a list from the 5-second reuse window, so it always sees the latest state.
 */
export function freshClient(fixture: EmulatorFixture, token: string = fixture.adminToken): CodeArtsClient {
  return new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token } });
}
