import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { BranchInputs, BranchOutputs } from "../provider/branch";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link Branch}: the provider's inputs (provider/branch.ts, where each
 * is documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type BranchArgs = ResourceArgs<Omit<z.input<typeof BranchInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<BranchOutputs, BranchInputs>()(["commitId", "protected"]);

/** The branch's properties as the provider last read them (provider/branch.ts BranchOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Branch extends ResourceOutputs<BranchOutputs> {}

/**
 * A branch of a repository. Its id is "<repositoryId>:<name>". Deleting the resource deletes the
 * branch, except the repository's default branch, which is refused with a message.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Branch extends pulumi.dynamic.Resource {
  constructor(name: string, args: BranchArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here, so the ones the program left to their defaults are outputs too
    // (the compiler holds the list to the provider's outputs).
    const props = {
      ...repositoryInputs(args.repository),
      name: args.name,
      ref: args.ref,
      allowReplace: args.allowReplace,
      adoptExisting: args.adoptExisting,
      ...OUTPUTS_ONLY,
    } satisfies Record<keyof BranchOutputs, unknown>;
    super(providerShim("branch"), name, props, opts, "codeartsrepo", "Branch");
  }
}
