import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { ApprovalRuleInputs, ApprovalRuleOutputs } from "../provider/approval-rule";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives an {@link ApprovalRule}: the provider's inputs (provider/approval-rule.ts,
 * where each is documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type ApprovalRuleArgs = ResourceArgs<Omit<z.input<typeof ApprovalRuleInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository the rule belongs to: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<ApprovalRuleOutputs, ApprovalRuleInputs>()(["settingId"]);

/** The rule's settings as the provider last read them (provider/approval-rule.ts ApprovalRuleOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ApprovalRule extends ResourceOutputs<ApprovalRuleOutputs> {}

/**
 * Who must approve or review merge requests into matching branches of a CodeArts Repo repository
 * (a merge-request approver setting). Its id is `<repositoryId>/<settingId>`. Every setting,
 * the branch included, changes in place; moving it to another repository replaces it.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ApprovalRule extends pulumi.dynamic.Resource {
  constructor(name: string, args: ApprovalRuleArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("approval-rule"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "ApprovalRule");
  }
}
