import * as pulumi from "@pulumi/pulumi";
import type * as implementation from "../provider/repository-statistics";
import type { z } from "zod";
import type {
  ContributorStatistics,
  DailyLines,
  RepositoryStatisticsInputs,
  RepositoryStatisticsOutputs,
  RepositoryStatisticsSnapshot,
  RepositoryStatisticsStatus,
  StatisticsRun,
} from "../provider/repository-statistics";
import { providerShim } from "../provider/shim";
import { RepositoryIdRef, ResourceArgs, ResourceOutputs, functionClient, outputForm, outputsOnly } from "./common";

export { ContributorStatistics, DailyLines, RepositoryStatisticsSnapshot, RepositoryStatisticsStatus, StatisticsRun };

/** Loaded on first use, so that a program that never calls these does not load the HTTP client. */
function calls(): typeof implementation {
  return require("../provider/repository-statistics");
}

/**
 * Arguments a program gives a {@link RepositoryStatistics}: the provider's inputs
 * (provider/repository-statistics.ts, where each is documented once), each a Pulumi Input, with
 * the repository given as a reference.
 */
export type RepositoryStatisticsArgs = ResourceArgs<Omit<z.input<typeof RepositoryStatisticsInputs>, "repositoryId">> & {
  /** The repository: a {@link Repository} resource, or `{repositoryId}`. Changing it starts counting anew. */
  repository: RepositoryIdRef;
};

const OUTPUTS_ONLY = outputsOnly<RepositoryStatisticsOutputs, RepositoryStatisticsInputs>()([
  "countedBranch",
  "runId",
  "runStatus",
  "statDate",
  "runStartedAt",
  "runUpdatedAt",
  "contributorCount",
  "contributors",
  "dailyLines",
  "branchCommitCount",
  "totalCommitCount",
]);

/** The run's numbers as the provider last read them (provider/repository-statistics.ts RepositoryStatisticsOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface RepositoryStatistics extends ResourceOutputs<RepositoryStatisticsOutputs> {}

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
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RepositoryStatistics extends pulumi.dynamic.Resource {
  constructor(name: string, args: RepositoryStatisticsArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(
      providerShim("repository-statistics"),
      name,
      { ...rest, repositoryId: repository.repositoryId, ...OUTPUTS_ONLY },
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
  /** The branch whose numbers to read. */
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
