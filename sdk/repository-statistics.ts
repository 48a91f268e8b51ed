import * as pulumi from "@pulumi/pulumi";
import type * as implementation from "../provider/repository-statistics";
import type {
  ContributorStatistics,
  DailyLines,
  RepositoryStatisticsSnapshot,
  RepositoryStatisticsStatus,
  StatisticsRun,
} from "../provider/repository-statistics";
import { providerShim } from "../provider/shim";
import { RepositoryIdRef, functionClient, outputForm } from "./common";

export { ContributorStatistics, DailyLines, RepositoryStatisticsSnapshot, RepositoryStatisticsStatus, StatisticsRun };

/** Loaded on first use, so that a program that never calls these does not load the HTTP client. */
function calls(): typeof implementation {
  return require("../provider/repository-statistics");
}

/** Arguments a program gives a {@link RepositoryStatistics}; every one accepts a Pulumi Input. */
export interface RepositoryStatisticsArgs {
  /** The repository: a {@link Repository} resource, or `{repositoryId}`. Changing it starts counting anew. */
  repository: RepositoryIdRef;
  /** The branch to count; the repository's default branch when left out. Changing it starts counting anew. */
  branch?: pulumi.Input<string>;
  /**
   * Any value; when it changes, `pulumi up` runs the statistics task again (an in-place update).
   * For numbers at most a day old, pass today's date.
   */
  triggers?: pulumi.Input<unknown>;
  /** How long to wait for a run to finish, 10–3600 seconds; default 600. Changing it needs no API call. */
  waitTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * A run of CodeArts Repo's repository statistics task and its numbers: lines and commits per
 * committer, the daily lines of the last 15 days, and the branch and repository commit counts.
 * Its id is `<repositoryId>/<branch>`.
 *
 * Creating it starts a run and waits (printing progress) until it finishes. The numbers are the
 * run's snapshot: `pulumi refresh` reads the latest finished run of the branch, whoever started
 * it, and a change of `triggers` starts a new one. Deleting it deletes nothing: runs cannot be
 * deleted. Over the service's daily quota, a run fails with the reason and the previous numbers
 * stay.
 */
export class RepositoryStatistics extends pulumi.dynamic.Resource {
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly branch: pulumi.Output<string | undefined>;
  declare readonly triggers: pulumi.Output<unknown>;
  declare readonly waitTimeoutSeconds: pulumi.Output<number>;
  /** The branch counted: `branch`, or the default branch the service chose. */
  declare readonly countedBranch: pulumi.Output<string>;
  /** The run the numbers come from. */
  declare readonly runId: pulumi.Output<number | undefined>;
  /** The run's status word; "finished" once the numbers are there. */
  declare readonly runStatus: pulumi.Output<string | undefined>;
  /** The day the run counted, yyyyMMdd. */
  declare readonly statDate: pulumi.Output<string | undefined>;
  declare readonly runStartedAt: pulumi.Output<string | undefined>;
  declare readonly runUpdatedAt: pulumi.Output<string | undefined>;
  /** How many people committed to the branch; `contributors` lists at most the latest 100. */
  declare readonly contributorCount: pulumi.Output<number>;
  /** Lines added and deleted and commits per committer, latest committer first. */
  declare readonly contributors: pulumi.Output<ContributorStatistics[]>;
  /** Lines added and deleted per day, for the days of the last 15 with changes, newest first. */
  declare readonly dailyLines: pulumi.Output<DailyLines[]>;
  /** Commits on the branch. */
  declare readonly branchCommitCount: pulumi.Output<number>;
  /** Commits on every branch of the repository. */
  declare readonly totalCommitCount: pulumi.Output<number>;

  constructor(name: string, args: RepositoryStatisticsArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(
      providerShim("repository-statistics"),
      name,
      {
        ...rest,
        repositoryId: repository.repositoryId,
        countedBranch: undefined,
        runId: undefined,
        runStatus: undefined,
        statDate: undefined,
        runStartedAt: undefined,
        runUpdatedAt: undefined,
        contributorCount: undefined,
        contributors: undefined,
        dailyLines: undefined,
        branchCommitCount: undefined,
        totalCommitCount: undefined,
      },
      opts,
      "codeartsrepo",
      "RepositoryStatistics",
    );
  }
}

export interface RepositoryStatisticsArguments {
  /** The repository's integer id. */
  repositoryId: number;
}

export interface BranchStatisticsArguments extends RepositoryStatisticsArguments {
  branch: string;
}

/**
 * Starts a run of the statistics task (of `branch`, or the default branch) and returns without
 * waiting; follow it with {@link getRepositoryStatisticsStatus}. There is deliberately no Output
 * form: a program would start a run at every preview.
 */
export async function triggerRepositoryStatistics(args: RepositoryStatisticsArguments & { branch?: string }): Promise<void> {
  const given = calls().parseStatisticsArguments(args, "triggerRepositoryStatistics");
  return calls().triggerStatistics(functionClient(), given.repositoryId, given.branch);
}

/** Whether a run can start now (and if not, whether a quota is why), and the latest run. */
export async function getRepositoryStatisticsStatus(args: RepositoryStatisticsArguments): Promise<RepositoryStatisticsStatus> {
  const given = calls().parseStatisticsArguments(args, "getRepositoryStatisticsStatus");
  return calls().statisticsStatus(functionClient(), given.repositoryId);
}

/** The numbers of the latest finished run of a branch (not live data); zeros and no run if never counted. */
export async function getRepositoryStatistics(args: BranchStatisticsArguments): Promise<RepositoryStatisticsSnapshot> {
  const given = calls().parseStatisticsArguments(args, "getRepositoryStatistics", { branchRequired: true });
  return calls().lastStatistics(functionClient(), given.repositoryId, given.branch!);
}

/** {@link getRepositoryStatisticsStatus} taking Pulumi Inputs, such as a Repository's `repositoryId`. */
export const getRepositoryStatisticsStatusOutput = outputForm(getRepositoryStatisticsStatus);

/** {@link getRepositoryStatistics} taking Pulumi Inputs, such as a Repository's `repositoryId`. */
export const getRepositoryStatisticsOutput = outputForm(getRepositoryStatistics);
