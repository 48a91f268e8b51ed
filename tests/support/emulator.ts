import { CodeArtsClient } from "../../api/client";
import { DEFAULTS, EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator";
import type { RequestCounts } from "../../emulator/server";
import { ConsoleClient, emulatorRoutes } from "../../emulator/routes";

export interface EmulatorFixture {
  emulator: RunningEmulator;
  /** A client authenticated with the emulator's static token: the "console" for out-of-band changes. */
  admin: ConsoleClient;
  /** The static token `admin` uses. */
  adminToken: string;
  projectId: string;
  /** Requests the emulator counted since the last reset. */
  requests(): RequestCounts;
  resetRequests(): void;
  close(): Promise<void>;
}

export async function startFixture(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const emulator = await startEmulator({ creationDelayMs: 50, ...options });
  const adminToken = options.tokens?.[0] ?? DEFAULTS.token;
  const admin = new CodeArtsClient({
    routes: emulatorRoutes,
    endpoint: emulator.url,
    iamEndpoint: emulator.url,
    auth: { kind: "token", token: adminToken },
    // The console sees changes made by other processes at once: never reuse a list answer.
    coalesceTtlMs: 0,
  });
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
  const list = await fixture.admin.call("listProjectRepositories", {
    params: { project_uuid: fixture.projectId },
    query: { page_size: 100 },
  });
  return list.repositories.map((repo) => repo.repository_name).sort();
}

/** A new console client (default: the admin token) that, like `admin`, never reuses list answers. */
export function freshClient(fixture: EmulatorFixture, token: string = fixture.adminToken): ConsoleClient {
  return new CodeArtsClient({ routes: emulatorRoutes, endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token }, coalesceTtlMs: 0 });
}

/** Plans lost answers: each API given ("METHOD /path-template") runs its next call, whose answer then comes back as a 502. */
export async function loseNextAnswer(fixture: EmulatorFixture, ...apis: string[]): Promise<void> {
  const response = await fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify({ loseAnswerOf: apis }) });
  if (!response.ok) throw new Error(`emulator settings refused: ${response.status}`);
}
