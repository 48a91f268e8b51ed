import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";
import { RepositoryRef, repositoryInputs } from "./common";

/** Arguments a program gives a {@link Branch}; every one accepts a Pulumi Input. */
export interface BranchArgs {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
  /** The branch name, a git ref name of 1–200 characters, e.g. "release/1.0". */
  name: pulumi.Input<string>;
  /**
   * Where the branch starts: a branch, tag or commit id. Used at creation only; the branch then
   * moves with every push, and `commitId` shows where it points.
   */
  ref: pulumi.Input<string>;
  /**
   * A change of repository, name or ref replaces the branch, which deletes it and the commits only
   * it reaches. Such a change is refused at preview unless this is true.
   */
  allowReplace?: pulumi.Input<boolean>;
  /** If the repository already has a branch of this name, manage it instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * A branch of a repository. Its id is "<repositoryId>:<name>". Deleting the resource deletes the
 * branch, except the repository's default branch, which is refused with a message.
 */
export class Branch extends pulumi.dynamic.Resource {
  /** The repository's integer id. */
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly repositoryUuid: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly ref: pulumi.Output<string>;
  declare readonly allowReplace: pulumi.Output<boolean>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The commit the branch points at, as last read. */
  declare readonly commitId: pulumi.Output<string>;
  /** Whether a protection rule covers the branch, as last read. */
  declare readonly protected: pulumi.Output<boolean>;

  constructor(name: string, args: BranchArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here, so the ones the program left to their defaults are outputs too.
    const props = {
      ...repositoryInputs(args.repository),
      name: args.name,
      ref: args.ref,
      allowReplace: args.allowReplace,
      adoptExisting: args.adoptExisting,
      commitId: undefined,
      protected: undefined,
    };
    super(providerShim("branch"), name, props, opts, "codeartsrepo", "Branch");
  }
}
