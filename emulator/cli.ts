#!/usr/bin/env node
/**
 * `codeartsrepo emulator`: run the CodeArts Repo + IAM emulator from a shell. Executed directly,
 * this file is the `codeartsrepo-emulator` command, kept as an alias of the subcommand.
 */
import { parseArgs } from "node:util";
import { DEFAULTS, startEmulator } from "./index";

/** One line for the `codeartsrepo --help` list of subcommands. */
export const EMULATOR_SUMMARY = "run a local CodeArts Repo + IAM server for trying and testing";

const HELP = `Usage: codeartsrepo emulator [options]   (alias: codeartsrepo-emulator [options])

A local CodeArts Repo + IAM server for trying and testing pulumi-codeartsrepo.
Prints its base URL (http://127.0.0.1:<port>) on one line, then serves until interrupted.

Options:
  --port <n>               port to listen on; 0 picks a free one (default 0)
  --host <addr>            address to bind (default ${DEFAULTS.host})
  --token <t>              an X-Auth-Token accepted without IAM (repeatable; default "${DEFAULTS.token}")
  --user <name>:<password> an IAM user for POST /v3/auth/tokens (repeatable;
                           default "${DEFAULTS.user}:${DEFAULTS.password}"), in domain "emulator-tenant"
  --access-key <ak>        access key AK/SK-signed requests use (default "${DEFAULTS.accessKey}")
  --secret-key <sk>        its secret key (default "${DEFAULTS.secretKey}"); signatures
                           (SDK-HMAC-SHA256, X-Sdk-Date within 15 minutes) are verified
  --project <uuid>         the CodeArts project id, 32 hex characters (default: fixed; see /__emulator/seed)
  --data <file>            keep state in this JSON file across restarts
  --creation-delay <ms>    how long a new repository stays "creating" (default ${DEFAULTS.creationDelayMs})
  --token-ttl <seconds>    lifetime of IAM tokens (default ${DEFAULTS.tokenTtlSeconds})
  --revoke-tokens-after <s> refuse IAM tokens as expired s seconds after issue, whatever
                           their expires_at says (a token lost mid-run)
  --rate-limit <n>         calls per minute per API before 429 + Retry-After; 0 = off (default ${DEFAULTS.rateLimitPerMinute})
  --fault-rate <0..1>      share of API requests failing at random: 500/503/429, or 502 and
                           dropped connections after the call ran (default 0)
  --fault-seed <n>         the seed random faults are drawn from; the same seed fails the
                           same calls (default 0)
  --latency <ms>           latency added to every API request, ±50% jitter (default 0)
  --seed-users <n>         add n tenant users user-001, user-002, … to add as repository
                           members (default 0; they cannot log in)
  --statistics-time <q>,<r> a repository statistics run waits q ms, then runs r ms
                           (default ${DEFAULTS.statisticsQueuedMs},${DEFAULTS.statisticsRunningMs})
  --statistics-quota <n>   statistics runs allowed per repository and per user a day (default 0 = no limit)
  --help                   show this text

Control endpoints (no auth): GET /__emulator/seed, GET|DELETE /__emulator/requests,
PUT /__emulator/console/repository {uuid, name, description, visibility} (what the console can
change and no documented API call can),
PUT /__emulator/settings {creationDelayMs, creatingStatusAnswers (creating for that many status
answers instead of a delay), failCreationPattern, createdStatus,
unreadableReadsAfterCreate, unreadableReadsAnswer, deletedReadAnswers401, tokenTtlSeconds,
rateLimitPerMinute, latencyMs, statisticsQueuedMs, statisticsRunningMs,
statisticsStatusAnswersPerPhase (each phase of a new run lasts that many status answers),
statisticsRunsPerDay: {repository, user}, statisticsFailRuns, commitClockOffsetMs, staticTokens} —
commitClockOffsetMs stamps new commits that far from now (negative: in the past), to build a history
over several days; staticTokens replaces the tokens accepted without IAM (leaving one out revokes it).
PUT /__emulator/faults {faults: [{route, kind, times, skip, status, code, retryAfterSeconds,
rate, seed}]} plans faults by route (kinds: answer-lost, drop, status, hold, random);
GET /__emulator/faults reports which fired and the call log; POST /__emulator/faults/release
sends the answers a "hold" fault keeps back.
PUT /__emulator/protection-rule and /__emulator/repository-roles: console changes to protections
and roles outside the documented API (see emulator/protections.ts); PUT /__emulator/member-roles:
the V4 role id and name a repository's member list shows per v1 code (see emulator/members.ts).
`;

/** Runs the emulator with command-line arguments `args` (after the subcommand) until a signal. */
export async function runEmulatorCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string" },
      token: { type: "string", multiple: true },
      user: { type: "string", multiple: true },
      "access-key": { type: "string" },
      "secret-key": { type: "string" },
      project: { type: "string" },
      data: { type: "string" },
      "creation-delay": { type: "string" },
      "token-ttl": { type: "string" },
      "rate-limit": { type: "string" },
      "revoke-tokens-after": { type: "string" },
      "fault-rate": { type: "string" },
      "fault-seed": { type: "string" },
      latency: { type: "string" },
      "seed-users": { type: "string" },
      "statistics-time": { type: "string" },
      "statistics-quota": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const number = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} needs a whole number, got "${value}"`);
    return n;
  };
  const users = values.user?.map((pair) => {
    const at = pair.indexOf(":");
    if (at <= 0) throw new Error(`--user needs <name>:<password>, got "${pair}"`);
    return [pair.slice(0, at), pair.slice(at + 1)] as const;
  });
  const [queued, running] = (values["statistics-time"] ?? "").split(",");
  const quota = number("statistics-quota", values["statistics-quota"]);
  const emulator = await startEmulator({
    port: number("port", values.port),
    host: values.host,
    tokens: values.token,
    users: users ? Object.fromEntries(users) : undefined,
    accessKey: values["access-key"],
    secretKey: values["secret-key"],
    projectId: values.project,
    dataFile: values.data,
    creationDelayMs: number("creation-delay", values["creation-delay"]),
    tokenTtlSeconds: number("token-ttl", values["token-ttl"]),
    rateLimitPerMinute: number("rate-limit", values["rate-limit"]),
    revokeTokensAfterSeconds: number("revoke-tokens-after", values["revoke-tokens-after"]),
    faultRate: values["fault-rate"] === undefined ? undefined : Number(values["fault-rate"]),
    faultSeed: number("fault-seed", values["fault-seed"]),
    latencyMs: number("latency", values.latency),
    seedUsers: number("seed-users", values["seed-users"]),
    statisticsQueuedMs: number("statistics-time", queued || undefined),
    statisticsRunningMs: number("statistics-time", running || undefined),
    statisticsRunsPerDay: quota === undefined ? undefined : { repository: quota, user: quota },
  });
  process.stdout.write(`${emulator.url}\n`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  runEmulatorCommand(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`codeartsrepo-emulator: ${error.message}\n`);
    process.exit(2);
  });
}
