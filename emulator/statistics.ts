/**
 * The repository statistics task (seeds 000–002): a triggered run waits, runs, then finishes, and
 * the last-statistics call answers the snapshot of the latest finished run of a branch — numbers
 * as they were when that run was triggered, not live data.
 *
 * The emulator's choices where the pages are silent:
 * - The run's status goes waiting → active → finished (see wire-activity.ts for why these words).
 * - While a run of the repository is waiting or active, the status call says `can_statistics:
 *   false, reason: 0` (seed 001's example) and a trigger is accepted (204) without starting
 *   another run.
 * - Optional daily quotas per repository and per user (default: none) drive `reason` 1, 2 and 3;
 *   a trigger over quota answers 400 CH.010001.
 * - Without a finished run of the branch, last-statistics answers `event: null` and zeros (the v1
 *   reference's example shows `event: null` for a repository never counted).
 * - The service's clock is Beijing time (UTC+08:00), which the pages' timestamps and yyyyMMdd
 *   dates are written in.
 * - A trigger or last-statistics call for a repository that does not exist answers seed 001's 404
 *   (seeds 000 and 002 list no 404); a trigger naming a branch that does not exist answers 400.
 */
import { ErrorCodes } from "../wire";
import {
  ActivityErrors,
  CODELINE_DAYS,
  LAST_STATISTICS_MAX_ROWS,
  LastStatistics,
  StatisticEvent,
  StatisticsQuotaReason,
  StatisticsRunStatus,
} from "../wire/activity";
import { requireMember } from "./commits";
import { Fault, Handlers, Reply, repositoryV4 } from "./server";
import { Commit, Repository, StatisticsRun, StatisticsSnapshot, World } from "./state";

export interface StatisticsSettings {
  /** How long a triggered run waits before it starts. */
  queuedMs: number;
  /** How long a run takes once started. */
  runningMs: number;
  /**
   * When set, a new run is waiting for this many status answers, then active for as many, then
   * finished, however long that takes: tests then see each phase without racing a clock.
   */
  statusAnswersPerPhase?: number;
  /** Runs allowed per day for one repository and for one user; 0 = no limit. */
  runsPerDay: { repository: number; user: number };
  /**
   * Runs triggered while set end in status "failed" instead of "finished". No page documents a
   * failure status (digest Q12); the client assumes one, and this lets a test show what it does.
   */
  failRuns?: boolean;
}

/** The emulator's word for a run that ended without numbers (see failRuns). */
const FAILED_RUN_STATUS = "failed";

type StatisticsHandlers = Pick<Handlers, "triggerRepositoryStatistics" | "showRepositoryStatisticsStatus" | "showRepositoryLastStatistics">;

const SERVICE_UTC_OFFSET_MS = 8 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** "2025-09-26T11:22:01+08:00" (or with ".000", as the pages' statistic rows show: whole seconds). */
export function serviceTimestamp(ms: number, withMillis = false): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + SERVICE_UTC_OFFSET_MS).toISOString();
  return `${local.slice(0, withMillis ? 23 : 19)}+08:00`;
}

/** "20250926": the service's day of an instant. */
export function serviceDate(ms: number): string {
  return new Date(ms + SERVICE_UTC_OFFSET_MS).toISOString().slice(0, 10).replaceAll("-", "");
}

/** Commits reachable from a branch tip. */
function history(repo: Repository, tip: string | undefined): Commit[] {
  const byId = new Map(repo.commits.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const pending = tip ? [tip] : [];
  while (pending.length > 0) {
    const id = pending.pop()!;
    const commit = byId.get(id);
    if (!commit || seen.has(id)) continue;
    seen.add(id);
    pending.push(...commit.parentIds);
  }
  return [...seen].map((id) => byId.get(id)!);
}

/** The numbers a run reports, taken now. */
export function takeSnapshot(repo: Repository, branch: string, now: number): StatisticsSnapshot {
  const tipOf = (name: string) => repo.branches.find((b) => b.name === name)?.commitId;
  const commits = history(repo, tipOf(branch));
  const everywhere = new Set(repo.branches.flatMap((b) => history(repo, b.commitId).map((c) => c.id)));

  const committers = new Map<string, StatisticsSnapshot["committers"][number]>();
  for (const commit of commits) {
    const at = Date.parse(commit.createdAt);
    const row = committers.get(commit.authorName) ?? { userName: commit.authorName, addLines: 0, deleteLines: 0, commitCount: 0, firstAt: at, lastAt: at };
    row.addLines += commit.additions ?? 0;
    row.deleteLines += commit.deletions ?? 0;
    row.commitCount += 1;
    row.firstAt = Math.min(row.firstAt, at);
    row.lastAt = Math.max(row.lastAt, at);
    committers.set(commit.authorName, row);
  }

  const firstDay = serviceDate(now - (CODELINE_DAYS - 1) * DAY_MS);
  const days = new Map<string, { date: string; additions: number; deletions: number }>();
  for (const commit of commits) {
    const date = serviceDate(Date.parse(commit.createdAt));
    if (date < firstDay || date > serviceDate(now)) continue;
    const day = days.get(date) ?? { date, additions: 0, deletions: 0 };
    day.additions += commit.additions ?? 0;
    day.deletions += commit.deletions ?? 0;
    days.set(date, day);
  }

  return {
    branchCommitCount: commits.length,
    allBranchCommitCount: everywhere.size,
    committers: [...committers.values()].sort((a, b) => b.lastAt - a.lastAt),
    codelines: [...days.values()].sort((a, b) => b.date.localeCompare(a.date)),
  };
}

export function statisticsHandlers(world: World, settings: StatisticsSettings): StatisticsHandlers {
  const runsOf = (repo: Repository) => (repo.statisticsRuns ??= []);
  const startOf = (run: StatisticsRun) => run.createdAt + run.queuedMs;
  const endOf = (run: StatisticsRun) => startOf(run) + run.runningMs;
  const statusOf = (run: StatisticsRun, now: number): string => {
    const phase =
      run.statusAnswersPerPhase !== undefined
        ? Math.floor((run.statusAnswers ?? 0) / run.statusAnswersPerPhase)
        : now < startOf(run)
          ? 0
          : now < endOf(run)
            ? 1
            : 2;
    return phase === 0 ? StatisticsRunStatus.queued : phase === 1 ? StatisticsRunStatus.running : run.fails ? FAILED_RUN_STATUS : StatisticsRunStatus.finished;
  };
  const ended = (status: string) => status === StatisticsRunStatus.finished || status === FAILED_RUN_STATUS;
  const inProgress = (repo: Repository, now: number) => runsOf(repo).some((run) => !ended(statusOf(run, now)));

  const event = (repo: Repository, run: StatisticsRun, now: number): StatisticEvent => {
    const status = statusOf(run, now);
    const changedAt = status === StatisticsRunStatus.queued ? run.createdAt : status === StatisticsRunStatus.running ? startOf(run) : endOf(run);
    return {
      id: run.id,
      user_id: world.userById(run.userId)?.numericId ?? null,
      project_id: repo.id,
      branch: run.branch,
      status,
      stat_date: serviceDate(run.createdAt),
      created_at: serviceTimestamp(run.createdAt),
      updated_at: serviceTimestamp(changedAt),
    };
  };

  const quotaReason = (repo: Repository, userId: string, now: number): number => {
    const today = serviceDate(now);
    const ranToday = (run: StatisticsRun) => serviceDate(run.createdAt) === today;
    const { repository: perRepository, user: perUser } = settings.runsPerDay;
    const repositoryRuns = runsOf(repo).filter(ranToday).length;
    const userRuns = world.data.repositories.flatMap(runsOf).filter((run) => ranToday(run) && run.userId === userId).length;
    return (
      (perRepository > 0 && repositoryRuns >= perRepository ? StatisticsQuotaReason.repositoryQuotaUsed : 0) +
      (perUser > 0 && userRuns >= perUser ? StatisticsQuotaReason.userQuotaUsed : 0)
    );
  };

  const latestRun = (repo: Repository, accept: (run: StatisticsRun) => boolean) =>
    runsOf(repo)
      .filter(accept)
      .reduce<StatisticsRun | undefined>((latest, run) => (!latest || run.id > latest.id ? run : latest), undefined);

  return {
    triggerRepositoryStatistics({ params, body, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      requireMember(repo, userId, ActivityErrors.forbidden);
      const now = Date.now();
      const branch = body?.branch_name ?? repo.defaultBranch;
      if (!repo.branches.some((b) => b.name === branch)) {
        throw new Fault(400, ErrorCodes.invalidParam, `Param invalid: branch ${branch} does not exist`);
      }
      if (inProgress(repo, now)) return new Reply(undefined);
      const reason = quotaReason(repo, userId, now);
      if (reason !== StatisticsQuotaReason.none) {
        throw new Fault(400, ErrorCodes.invalidParam, `Param invalid: the daily statistics quota is used up (reason ${reason})`);
      }
      world.data.nextStatisticsRunId ??= 1;
      runsOf(repo).push({
        id: world.data.nextStatisticsRunId++,
        userId,
        branch,
        createdAt: now,
        queuedMs: settings.queuedMs,
        runningMs: settings.runningMs,
        statusAnswersPerPhase: settings.statusAnswersPerPhase,
        ...(settings.failRuns ? { fails: true } : {}),
        snapshot: takeSnapshot(repo, branch, now),
      });
      world.save();
      return new Reply(undefined);
    },

    showRepositoryStatisticsStatus({ params, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      requireMember(repo, userId, ActivityErrors.forbiddenRead);
      const now = Date.now();
      const latest = latestRun(repo, () => true);
      const reason = quotaReason(repo, userId, now);
      const answer = { can_statistics: !inProgress(repo, now) && reason === StatisticsQuotaReason.none, reason, event: latest ? event(repo, latest, now) : null };
      if (latest) latest.statusAnswers = (latest.statusAnswers ?? 0) + 1;
      // Seed 001 declares X-Total on this single object; the emulator counts the event.
      return new Reply(answer, undefined, { "x-total": latest ? "1" : "0" });
    },

    showRepositoryLastStatistics({ params, query, userId }) {
      const repo = repositoryV4(world, params.repository_id);
      requireMember(repo, userId, ActivityErrors.forbidden);
      const now = Date.now();
      const run = latestRun(repo, (r) => r.branch === query.branch_name && statusOf(r, now) === StatisticsRunStatus.finished);
      if (!run) return { event: null, total: 0, statistics: [], codelines: [], count: 0, all_branch_commits_count: 0 };
      const { snapshot } = run;
      const answer: LastStatistics = {
        event: event(repo, run, now),
        total: snapshot.committers.length,
        statistics: snapshot.committers.slice(0, LAST_STATISTICS_MAX_ROWS).map((row, i) => ({
          id: i + 1,
          project_id: repo.id,
          branch: run.branch,
          user_name: row.userName,
          add_lines: row.addLines,
          delete_lines: row.deleteLines,
          commit_count: row.commitCount,
          created_at: serviceTimestamp(row.firstAt, true),
          updated_at: serviceTimestamp(row.lastAt, true),
        })),
        codelines: snapshot.codelines,
        count: snapshot.branchCommitCount,
        all_branch_commits_count: snapshot.allBranchCommitCount,
      };
      return answer;
    },
  };
}
