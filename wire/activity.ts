/**
 * Wire schemas of a repository's activity: commits (the v2 create-commit call), push events and
 * the statistics task (the four V4 calls of v4 digest §8). Shared by the client and the emulator.
 *
 * Sources: v4 digest §8.1 (trigger), §8.2 (status), §8.3 (last statistics), §8.4 (events) and
 * §10 Q12–Q16; §4.5.2 (create commit), §4.2.16–§4.2.17 (the v1 statistics calls, for status values).
 *
 * Response fields are optional and nullable as everywhere (the SDK models them as pointers); the
 * emulator always sends every field the reference examples show.
 */
import { z } from "zod";
import { optionalNullable } from ".";

// ---------------------------------------------------------------------------------------------
// Commits: POST /v2/projects/{repo_id}/repository/commits (§4.5.2)
// ---------------------------------------------------------------------------------------------

export const COMMIT_ACTIONS = ["create", "delete", "move", "update", "chmod"] as const;

/** CommitAction (§4.5.2 table 4-262). */
export const CommitAction = z.object({
  action: z.enum(COMMIT_ACTIONS),
  file_path: z.string().min(1),
  /** The file's old path; only for `move`. */
  previous_path: z.string().min(1).optional(),
  /** Required for create and update; for move, replaces the content. */
  content: z.string().optional(),
  encoding: z.enum(["text", "base64"]).optional(),
  /** The last commit the caller saw the file at; for update, move and delete. */
  last_commit_id: z.string().optional(),
  /** Only for chmod. */
  execute_filemode: z.boolean().optional(),
});
export type CommitAction = z.infer<typeof CommitAction>;

/** Request body (§4.5.2 table 4-261). */
export const CreateCommitBody = z.object({
  branch: z.string().min(1),
  commit_message: z.string().min(1),
  /** The branch a new `branch` starts from (or, with `force`, that overwrites it). */
  start_branch: z.string().min(1).optional(),
  actions: z.array(CommitAction).min(1),
  author_email: z.string().optional(),
  author_name: z.string().optional(),
  /** Include line statistics in the answer; default true. */
  stats: z.boolean().optional(),
  force: z.boolean().optional(),
});
export type CreateCommitBody = z.infer<typeof CreateCommitBody>;

/** CreateCommitResponseBody (§4.5.2 tables 4-265, 4-266). */
export const CommitV2 = z.object({
  id: z.string(),
  short_id: optionalNullable(z.string()),
  title: optionalNullable(z.string()),
  author_name: optionalNullable(z.string()),
  author_email: optionalNullable(z.string()),
  committer_name: optionalNullable(z.string()),
  committer_email: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
  message: optionalNullable(z.string()),
  parent_ids: optionalNullable(z.array(z.string())),
  committed_date: optionalNullable(z.string()),
  authored_date: optionalNullable(z.string()),
  stats: optionalNullable(z.object({ additions: z.number().int(), deletions: z.number().int(), total: z.number().int() })),
});
export type CommitV2 = z.infer<typeof CommitV2>;

// ---------------------------------------------------------------------------------------------
// The statistics task (v4 digest §8.1–§8.3)
// ---------------------------------------------------------------------------------------------

/** POST …/repository/statistics body (v4 digest §8.1): the branch is optional. */
export const StatisticsParams = z.object({ branch_name: z.string().min(1).max(2000).optional() }).optional();

/**
 * StatisticEventsDto (v4 digest §8.2, §8.3): one statistics run. `project_id` is the
 * repository id.
 *
 * `status` is not enumerated for V4 (digest Q12). The v1 reference (§4.2.16) names the three
 * states waiting, active and finish; the V4 example (v4 digest §8.3) shows "finished". So the emulator
 * reports waiting → active → finished, and the client treats both spellings of the last as done
 * and every other value as still in progress, except an explicit failure.
 */
export const StatisticEvent = z.object({
  id: optionalNullable(z.number().int()),
  user_id: optionalNullable(z.number().int()),
  project_id: optionalNullable(z.number().int()),
  branch: optionalNullable(z.string()),
  status: optionalNullable(z.string()),
  stat_date: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
  updated_at: optionalNullable(z.string()),
});
export type StatisticEvent = z.infer<typeof StatisticEvent>;

export const StatisticsRunStatus = { queued: "waiting", running: "active", finished: "finished" } as const;
const FINISHED_STATUSES = new Set(["finished", "finish"]);
/** Not documented anywhere; assumed so that a failed run ends the wait instead of timing out. */
const FAILED_STATUSES = new Set(["failed", "fail", "error"]);

export type StatisticsRunPhase = "finished" | "failed" | "in progress";
export function statisticsRunPhase(status: string | null | undefined): StatisticsRunPhase {
  const normalized = (status ?? "").toLowerCase();
  if (FINISHED_STATUSES.has(normalized)) return "finished";
  if (FAILED_STATUSES.has(normalized)) return "failed";
  return "in progress";
}

/**
 * `reason` of the status call (digest §8.2): why `can_statistics` may be false. 0 also covers
 * "a run is already in progress" (v4 digest §8.2's example: can_statistics false, reason 0).
 */
export const StatisticsQuotaReason = { none: 0, repositoryQuotaUsed: 1, userQuotaUsed: 2, bothQuotasUsed: 3 } as const;

/** GET …/repository/statistics-status (v4 digest §8.2). */
export const StatisticsStatus = z.object({
  can_statistics: optionalNullable(z.boolean()),
  reason: optionalNullable(z.number().int().min(0).max(3)),
  event: optionalNullable(StatisticEvent),
});
export type StatisticsStatus = z.infer<typeof StatisticsStatus>;

/** StatisticDto (v4 digest §8.3): one committer's lines and commits on the branch. */
export const CommitterStatistics = z.object({
  id: optionalNullable(z.number().int()),
  project_id: optionalNullable(z.number().int()),
  branch: optionalNullable(z.string()),
  user_name: optionalNullable(z.string()),
  add_lines: optionalNullable(z.number().int()),
  delete_lines: optionalNullable(z.number().int()),
  commit_count: optionalNullable(z.number().int()),
  /** The committer's earliest commit. */
  created_at: optionalNullable(z.string()),
  /** The committer's latest commit. */
  updated_at: optionalNullable(z.string()),
});
export type CommitterStatistics = z.infer<typeof CommitterStatistics>;

/** CodelineDto (v4 digest §8.3): one day's added and deleted lines; `date` is yyyyMMdd. */
export const DailyCodelines = z.object({
  additions: optionalNullable(z.number().int()),
  deletions: optionalNullable(z.number().int()),
  date: optionalNullable(z.string()),
});
export type DailyCodelines = z.infer<typeof DailyCodelines>;

/** GET …/repository/stats/last-statistics?branch_name= (v4 digest §8.3). */
export const LastStatisticsQuery = z.object({ branch_name: z.string().min(1).max(2000) });

/** The response of v4 digest §8.3: the snapshot of the latest finished run, not live data. */
export const LastStatistics = z.object({
  event: optionalNullable(StatisticEvent),
  /** Number of committer rows; `statistics` holds at most 100 of them, latest first. */
  total: optionalNullable(z.number().int()),
  statistics: optionalNullable(z.array(CommitterStatistics)),
  /** Days of the last 15 with changes. */
  codelines: optionalNullable(z.array(DailyCodelines)),
  /** Commits on the branch. */
  count: optionalNullable(z.number().int()),
  /** Commits in the whole repository. */
  all_branch_commits_count: optionalNullable(z.number().int()),
});
export type LastStatistics = z.infer<typeof LastStatistics>;

/** "The 100 most recent committers are shown" (v4 digest §8.3). */
export const LAST_STATISTICS_MAX_ROWS = 100;
/** "Daily added and deleted lines of code in the last 15 days" (v4 digest §8.3). */
export const CODELINE_DAYS = 15;

// ---------------------------------------------------------------------------------------------
// Events: GET /v4/repositories/{repository_id}/events (v4 digest §8.4)
// ---------------------------------------------------------------------------------------------

export const EVENT_FILTERS = ["all", "push"] as const;
export const EVENTS_LIMIT = { default: 20, max: 100 } as const;

/**
 * v4 digest §8.4's query. `before` is captioned "start date" and `after` "end date". Read with the list's
 * newest-first order, the walk starts at `before` and goes back in time to `after`: `before` is an
 * upper bound and `after` a lower one, as in GitLab, which the service derives from. The SDK
 * sends them as `YYYY-MM-DDTHH:MM:SSZ` (digest Q13); a plain `YYYY-MM-DD` is also accepted here.
 */
export const EventListQuery = z.object({
  author_id: z.coerce.number().int().min(1).max(2147483647).optional(),
  filter: z.enum(EVENT_FILTERS).optional(),
  before: z.string().min(1).optional(),
  after: z.string().min(1).optional(),
  offset: z.coerce.number().int().min(0).max(2147483647).optional(),
  limit: z.coerce.number().int().min(1).max(EVENTS_LIMIT.max).optional(),
});
export type EventListQuery = z.input<typeof EventListQuery>;

/** RepositoryEventAuthorDto (v4 digest §8.4). `username` is the 32-hex IAM user id in the example. */
export const EventAuthor = z.object({
  id: optionalNullable(z.number().int()),
  name: optionalNullable(z.string()),
  username: optionalNullable(z.string()),
  state: optionalNullable(z.string()),
  avatar_url: optionalNullable(z.string()),
  name_cn: optionalNullable(z.string()),
  nick_name: optionalNullable(z.string()),
  tenant_name: optionalNullable(z.string()),
});

/** PushEventPayloadDto (v4 digest §8.4). */
export const PushData = z.object({
  commit_count: optionalNullable(z.number().int()),
  /** "created" for a new ref (v4 digest §8.4's example), "pushed" for a push to an existing one. */
  action: optionalNullable(z.string()),
  ref_type: optionalNullable(z.string()),
  commit_from: optionalNullable(z.string()),
  commit_to: optionalNullable(z.string()),
  ref: optionalNullable(z.string()),
  commit_title: optionalNullable(z.string()),
});

/** RepositoryPushEventDto (v4 digest §8.4): `action_name` is "pushed new", "pushed to" or "deleted". */
export const PushEvent = z.object({
  action_name: optionalNullable(z.string()),
  author: optionalNullable(EventAuthor),
  author_id: optionalNullable(z.number().int()),
  author_username: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
  repository_id: optionalNullable(z.number().int()),
  repository_name: optionalNullable(z.string()),
  push_data: optionalNullable(PushData),
});
export type PushEvent = z.infer<typeof PushEvent>;

export const PushActionName = { newRef: "pushed new", push: "pushed to", deleted: "deleted" } as const;

/** V4 errors the reference pages show that no other area uses (digest §9.2). */
export const ActivityErrors = {
  /** Seeds 000 and 002. */
  forbidden: { code: "CH.004403", message: "Insufficient permissions. Apply for the required permissions and try again." },
  /** Seeds 001 and 003. */
  forbiddenRead: { code: "CH.00401008", message: "Insufficient permissions. Apply for the required permissions and try again." },
} as const;
