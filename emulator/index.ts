/**
 * A CodeArts Repo + IAM emulator on loopback, faithful to the documented wire format, for tests,
 * demos and trying programs without a Huawei Cloud account.
 *
 * Control endpoints (no auth, not counted):
 *   GET    /__emulator/seed       the seeded domain, projects and users
 *   GET    /__emulator/requests   requests per route since start or the last reset
 *   DELETE /__emulator/requests   reset the counters
 *   PUT    /__emulator/console/repository  { uuid, name?, description?, visibility? }: what the
 *                                   console can change and no documented API call can
 *   PUT    /__emulator/settings   { creationDelayMs?, creatingStatusAnswers?, failCreationPattern?, statusNullInRead?,
 *                                   createdStatus?, unreadableReadsAfterCreate?, unreadableReadsAnswer?: 401 | 404,
 *                                   deletedReadAnswers401?,
 *                                   tokenTtlSeconds?,
 *                                   rateLimitPerMinute?, latencyMs?,
 *                                   statisticsQueuedMs?, statisticsRunningMs?, statisticsStatusAnswersPerPhase?,
 *                                   statisticsRunsPerDay?: { repository?, user? }, statisticsFailRuns?,
 *                                   commitClockOffsetMs?, staticTokens?: [...] (the tokens accepted without
 *                                   IAM; replacing them revokes a token, as a console admin would) }
 *   PUT|GET|DELETE /__emulator/faults, POST /__emulator/faults/release: faults by plan (see faults.ts)
 *   PUT    /__emulator/protection-rule   set a protection rule's actions as given (see protections.ts)
 *   PUT    /__emulator/repository-roles  replace a repository's roles (see protections.ts)
 *   PUT    /__emulator/member-roles  rename the V4 roles a repository's member list shows (see members.ts)
 *   PUT    /__emulator/inherit-setting  mark a repository setting inherited from its project or group (see settings.ts)
 */
import { AddressInfo } from "node:net";
import { branchHandlers } from "./branches";
import { protectionControls, protectionHandlers } from "./protections";
import { oneBranchHandlers } from "./branch";
import { CommitSettings, commitHandlers } from "./commits";
import { iamHandlers, IamSettings } from "./iam";
import { memberControls, memberHandlers } from "./members";
import { keyHandlers } from "./keys";
import { labelHandlers } from "./labels";
import { approvalRuleHandlers } from "./approval-rules";
import { tagHandlers } from "./tags";
import { settingsControls, settingsHandlers } from "./settings";
import { repositoryFileHandlers } from "./repository-files";
import { filePushPermissionHandlers } from "./file-push-permissions";
import { trustedIpAddressHandlers } from "./trusted-ip-addresses";
import { ConsoleRepositoryEdit, editRepositoryInConsole, repositoryHandlers, RepositorySettings } from "./repositories";
import { FaultPlan, PlannedFault } from "./faults";
import { ControlHandler, GatewaySettings, Handlers, RequestCounter, createEmulatorServer } from "./server";
import { Seed, World, defaultSeed, stableHex } from "./state";
import { StatisticsSettings, statisticsHandlers } from "./statistics";
import { projectWebhookHandlers, webhookHandlers } from "./webhooks";

export const DEFAULTS = {
  host: "127.0.0.1",
  token: "emulator-token",
  user: "emulator-admin",
  password: "emulator-password",
  accessKey: "EMULATORACCESSKEY0001",
  secretKey: "emulator-secret-key",
  creationDelayMs: 300,
  rateLimitPerMinute: 600,
  tokenTtlSeconds: 24 * 60 * 60,
  statisticsQueuedMs: 300,
  statisticsRunningMs: 700,
} as const;

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Tokens accepted as X-Auth-Token without IAM. Default: ["emulator-token"]. */
  tokens?: string[];
  /** IAM users as name → password. Default: emulator-admin / emulator-password. */
  users?: Record<string, string>;
  /** The access key pair AK/SK-signed requests are verified with. */
  accessKey?: string;
  secretKey?: string;
  /** The CodeArts project uuid (32 hex). Default: a fixed one, see GET /__emulator/seed. */
  projectId?: string;
  /** Persist state in this JSON file across restarts. */
  dataFile?: string;
  creationDelayMs?: number;
  tokenTtlSeconds?: number;
  /** Refuse IAM tokens as expired this many seconds after issue, whatever their expires_at says. */
  revokeTokensAfterSeconds?: number;
  /** Calls per minute per API; 0 turns throttling off. Default 600, as the service documents. */
  rateLimitPerMinute?: number;
  /** Share of API requests (0..1) that fail at random, drawn from `faultSeed`. Default 0. */
  faultRate?: number;
  /** The seed random faults are drawn from: the same seed fails the same calls. Default 0. */
  faultSeed?: number;
  /** Faults planned from the start (see faults.ts); random faults from `faultRate` come after them. */
  faults?: PlannedFault[];
  /** Latency added to every API request, with jitter. Default 0. */
  latencyMs?: number;
  /** Extra tenant users (user-001, user-002, …) to add as repository members. They cannot log in. Default 0. */
  seedUsers?: number;
  /** How long a statistics run waits, then runs. Default 300 ms, then 700 ms. */
  statisticsQueuedMs?: number;
  statisticsRunningMs?: number;
  /** Statistics runs allowed per day per repository and per user; 0 (default) = no limit. */
  statisticsRunsPerDay?: { repository?: number; user?: number };
}

export interface RunningEmulator {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  seed: Seed;
  requests: RequestCounter;
  faults: FaultPlan;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const users = options.users ?? { [DEFAULTS.user]: DEFAULTS.password };
  const [adminUser] = Object.keys(users);
  if (options.projectId !== undefined && !/^[0-9a-fA-F]{32}$/.test(options.projectId)) {
    throw new Error(`project id must be 32 hexadecimal characters, got "${options.projectId}"`);
  }
  const seed = defaultSeed({ projectId: options.projectId, adminUser, extraUsers: options.seedUsers });
  for (const name of Object.keys(users).slice(1)) {
    if (!seed.users.some((u) => u.name === name)) {
      seed.users.push({ id: stableHex(`user:${name}`), numericId: 1001 + seed.users.length, name });
    }
  }
  const world = new World(seed, options.dataFile);
  const iam: IamSettings = {
    passwords: new Map(Object.entries(users)),
    tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
    revokeTokensAfterSeconds: options.revokeTokensAfterSeconds,
  };
  const repositories: RepositorySettings = { creationDelayMs: options.creationDelayMs ?? DEFAULTS.creationDelayMs };
  const commits: CommitSettings = { commitClockOffsetMs: 0 };
  const statistics: StatisticsSettings = {
    queuedMs: options.statisticsQueuedMs ?? DEFAULTS.statisticsQueuedMs,
    runningMs: options.statisticsRunningMs ?? DEFAULTS.statisticsRunningMs,
    runsPerDay: { repository: options.statisticsRunsPerDay?.repository ?? 0, user: options.statisticsRunsPerDay?.user ?? 0 },
  };
  const handlers: Handlers = {
    ...iamHandlers(world, iam),
    ...repositoryHandlers(world, repositories),
    ...memberHandlers(world),
    ...webhookHandlers(world),
    ...projectWebhookHandlers(world),
    ...branchHandlers(world),
    ...protectionHandlers(world),
    ...oneBranchHandlers(world),
    ...keyHandlers(world),
    ...labelHandlers(world),
    ...approvalRuleHandlers(world),
    ...tagHandlers(world),
    ...settingsHandlers(world),
    ...filePushPermissionHandlers(world),
    ...trustedIpAddressHandlers(world),
    ...commitHandlers(world, commits),
    ...repositoryFileHandlers(world, commits),
    ...statisticsHandlers(world, statistics),
  };
  const counter = new RequestCounter();
  const gateway: GatewaySettings = {
    rateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute,
    latencyMs: options.latencyMs ?? 0,
  };
  const faultRate = options.faultRate ?? 0;
  if (faultRate < 0 || faultRate > 1) throw new Error(`fault rate must be between 0 and 1, got ${faultRate}`);
  const randomFaults: PlannedFault[] = faultRate > 0 ? [{ route: "*", kind: "random", rate: faultRate, seed: options.faultSeed ?? 0 }] : [];
  const faults = new FaultPlan([...(options.faults ?? []), ...randomFaults]);

  const accessKeys = new Map([[options.accessKey ?? DEFAULTS.accessKey, options.secretKey ?? DEFAULTS.secretKey]]);
  const serverSettings = { staticTokens: options.tokens ?? [DEFAULTS.token], accessKeys, gateway, faults };
  const controls: Record<string, ControlHandler> = {
    ...protectionControls(world),
    ...memberControls(world),
    ...settingsControls(world),
    seed: () => seed,
    "console/repository": ({ method, body }) => {
      if (method !== "PUT") throw new Error("use PUT with { uuid, name?, description?, visibility? }");
      return { repository_uuid: editRepositoryInConsole(world, body as ConsoleRepositoryEdit) };
    },
    faults: ({ method, body }) => {
      if (method === "PUT") faults.replace((body as { faults?: PlannedFault[] } | undefined)?.faults ?? []);
      if (method === "DELETE") faults.replace([]);
      return faults.report(counter.calls());
    },
    "faults/release": ({ method }) => {
      if (method !== "POST") throw new Error("use POST to send the held answers");
      return { released: faults.releaseHeld() };
    },
    requests: ({ method }) => {
      if (method === "DELETE") counter.reset();
      return counter.snapshot();
    },
    settings: ({ method, body }) => {
      if (method === "PUT") {
        const patch = (body ?? {}) as {
          creationDelayMs?: number;
          creatingStatusAnswers?: number | null;
          failCreationPattern?: string | null;
          statusNullInRead?: boolean;
          createdStatus?: number | null;
          unreadableReadsAfterCreate?: number;
          unreadableReadsAnswer?: 401 | 404;
          deletedReadAnswers401?: boolean;
          tokenTtlSeconds?: number;
          revokeTokensAfterSeconds?: number | null;
          rateLimitPerMinute?: number;
          latencyMs?: number;
          statisticsQueuedMs?: number;
          statisticsRunningMs?: number;
          statisticsStatusAnswersPerPhase?: number | null;
          statisticsRunsPerDay?: { repository?: number; user?: number };
          statisticsFailRuns?: boolean;
          commitClockOffsetMs?: number;
          staticTokens?: string[];
        };
        // Faults moved to their own plan: a setting that would now do nothing must not look accepted.
        for (const moved of ["faultRate", "loseAnswerOf"]) {
          if (moved in patch) throw new Error(`${moved} is no longer a setting: plan faults with PUT /__emulator/faults`);
        }
        if (patch.rateLimitPerMinute !== undefined) gateway.rateLimitPerMinute = patch.rateLimitPerMinute;
        if (patch.latencyMs !== undefined) gateway.latencyMs = patch.latencyMs;
        if (patch.creationDelayMs !== undefined) repositories.creationDelayMs = patch.creationDelayMs;
        if (patch.creatingStatusAnswers !== undefined) repositories.creatingStatusAnswers = patch.creatingStatusAnswers ?? undefined;
        if (patch.statusNullInRead !== undefined) repositories.statusNullInRead = patch.statusNullInRead;
        if (patch.createdStatus !== undefined) repositories.createdStatus = patch.createdStatus ?? undefined;
        if (patch.unreadableReadsAfterCreate !== undefined) repositories.unreadableReadsAfterCreate = patch.unreadableReadsAfterCreate;
        if (patch.unreadableReadsAnswer !== undefined) repositories.unreadableReadsAnswer = patch.unreadableReadsAnswer;
        if (patch.deletedReadAnswers401 !== undefined) repositories.deletedReadAnswers401 = patch.deletedReadAnswers401;
        if (patch.failCreationPattern !== undefined) {
          repositories.failCreationPattern = patch.failCreationPattern === null ? undefined : new RegExp(patch.failCreationPattern);
        }
        if (patch.tokenTtlSeconds !== undefined) iam.tokenTtlSeconds = patch.tokenTtlSeconds;
        if (patch.revokeTokensAfterSeconds !== undefined) iam.revokeTokensAfterSeconds = patch.revokeTokensAfterSeconds ?? undefined;
        if (patch.statisticsQueuedMs !== undefined) statistics.queuedMs = patch.statisticsQueuedMs;
        if (patch.statisticsRunningMs !== undefined) statistics.runningMs = patch.statisticsRunningMs;
        if (patch.statisticsStatusAnswersPerPhase !== undefined) statistics.statusAnswersPerPhase = patch.statisticsStatusAnswersPerPhase ?? undefined;
        if (patch.statisticsRunsPerDay !== undefined) Object.assign(statistics.runsPerDay, patch.statisticsRunsPerDay);
        if (patch.statisticsFailRuns !== undefined) statistics.failRuns = patch.statisticsFailRuns;
        if (patch.commitClockOffsetMs !== undefined) commits.commitClockOffsetMs = patch.commitClockOffsetMs;
        if (patch.staticTokens !== undefined) serverSettings.staticTokens = [...patch.staticTokens];
      }
      return {
        creationDelayMs: repositories.creationDelayMs,
        creatingStatusAnswers: repositories.creatingStatusAnswers ?? null,
        failCreationPattern: repositories.failCreationPattern?.source ?? null,
        statusNullInRead: repositories.statusNullInRead ?? false,
        createdStatus: repositories.createdStatus ?? null,
        unreadableReadsAfterCreate: repositories.unreadableReadsAfterCreate ?? 0,
        unreadableReadsAnswer: repositories.unreadableReadsAnswer ?? 401,
        deletedReadAnswers401: repositories.deletedReadAnswers401 ?? false,
        tokenTtlSeconds: iam.tokenTtlSeconds,
        revokeTokensAfterSeconds: iam.revokeTokensAfterSeconds ?? null,
        statisticsQueuedMs: statistics.queuedMs,
        statisticsRunningMs: statistics.runningMs,
        statisticsStatusAnswersPerPhase: statistics.statusAnswersPerPhase ?? null,
        statisticsRunsPerDay: statistics.runsPerDay,
        statisticsFailRuns: statistics.failRuns ?? false,
        commitClockOffsetMs: commits.commitClockOffsetMs,
        // How many, not which: the control answer is no place for credentials.
        staticTokens: serverSettings.staticTokens.length,
        ...gateway,
      };
    },
  };

  const server = createEmulatorServer(world, handlers, serverSettings, controls, counter);
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
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        faults.releaseHeld();
        world.save();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { Seed } from "./state";
