import { CodeArtsClient } from "../../api/client";
import { DEFAULTS, EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator";
import type { LoggedCall, PlannedFault } from "../../emulator/faults";
import type { RequestCounts } from "../../emulator/server";
import { ConsoleClient, EmulatorRouteName, emulatorRoutes } from "../../emulator/routes";

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

/**
 * What the emulator counts a route's calls under in `requests().byRoute`: "METHOD /path-template",
 * taken from the route table so that a test names the route and never retypes its path.
 */
export function routeKey(name: EmulatorRouteName): string {
  const { method, path } = emulatorRoutes[name];
  return `${method} ${path}`;
}

/** What GET /__emulator/faults reports: each planned fault with how often it fired, and the call log. */
export interface FaultReport {
  faults: Array<PlannedFault & { fired: number }>;
  /** Answers a "hold" fault keeps back right now. */
  held: number;
  /** Every API call since the last reset of the request counters, in arrival order. */
  calls: LoggedCall[];
}

async function control<T>(fixture: EmulatorFixture, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${fixture.emulator.url}/__emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`emulator ${method} /__emulator/${path} refused (${response.status}): ${text}`);
  return JSON.parse(text) as T;
}

/** Replaces the emulator's fault plan (an empty list clears it); faults fire in plan order. */
export function planFaults(fixture: EmulatorFixture, ...faults: PlannedFault[]): Promise<FaultReport> {
  return control(fixture, "PUT", "faults", { faults });
}

export function faultReport(fixture: EmulatorFixture): Promise<FaultReport> {
  return control(fixture, "GET", "faults");
}

/** Sends the answers a "hold" fault keeps back; returns how many there were. */
export async function releaseHeldAnswers(fixture: EmulatorFixture): Promise<number> {
  return (await control<{ released: number }>(fixture, "POST", "faults/release")).released;
}

/** The routes called since the last reset, in order, as "route outcome[ fault]" lines. */
export async function callLog(fixture: EmulatorFixture, filter: (call: LoggedCall) => boolean = () => true): Promise<string[]> {
  return (await faultReport(fixture)).calls.filter(filter).map((c) => `${c.route} ${c.outcome}${c.fault ? ` (${c.fault})` : ""}`);
}

/** Plans lost answers: each route given (a route name or "METHOD /path-template") runs its next call, whose answer then comes back as a 502. */
export async function loseNextAnswer(fixture: EmulatorFixture, ...routes: string[]): Promise<void> {
  await planFaults(fixture, ...routes.map((route) => ({ route, kind: "answer-lost" as const, status: 502 })));
}

/**
 * Polls `probe` every `everyMs` until it gives a value (not undefined, not false), and fails after
 * `timeoutMs` naming `what`: a deadline instead of a sleep that hopes to be long enough.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
