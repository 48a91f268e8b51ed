import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { RepositoryPolicyInputs, RepositoryPolicyOutputs } from "../provider/repository-policy";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link RepositoryPolicy}: the provider's inputs
 * (provider/repository-policy.ts, where each is documented once), each a Pulumi Input, with
 * the repository given as a reference.
 */
export type RepositoryPolicyArgs = ResourceArgs<Omit<z.input<typeof RepositoryPolicyInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository the policy governs: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<RepositoryPolicyOutputs, RepositoryPolicyInputs>()(["valuesBefore"]);

/** The policy as the provider last read it (provider/repository-policy.ts RepositoryPolicyOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface RepositoryPolicy extends ResourceOutputs<RepositoryPolicyOutputs> {}

/**
 * A CodeArts Repo repository's general policy: forking, branch and tag name rules, who may create
 * branches. Its id is the repository id. The policy exists with the repository: the resource sets
 * the fields the program sets, leaves the others alone, and when deleted puts back the values it
 * found. Every field changes in place; moving it to another repository replaces it.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RepositoryPolicy extends pulumi.dynamic.Resource {
  constructor(name: string, args: RepositoryPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("repository-policy"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "RepositoryPolicy");
  }
}
