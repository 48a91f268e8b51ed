import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";
import { RepositoryRef, repositoryInputs } from "./common";

/** Who may act, from most to least restricted in the service's own numbers: 0, 30, 40. */
export type AccessLevelName = "noOne" | "developers" | "maintainers";

/** Arguments a program gives a {@link ProtectedBranch}; every one accepts a Pulumi Input. */
export interface ProtectedBranchArgs {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. Changing it replaces the protection. */
  repository: RepositoryRef;
  /** One existing branch, e.g. "master" (no wildcards). Changing it replaces the protection. */
  branch: pulumi.Input<string>;
  /** Who may push: "noOne", "developers" (and maintainers) or "maintainers" (default). Updated in place. */
  pushAccess?: pulumi.Input<AccessLevelName>;
  /**
   * Who may merge, same values (default "maintainers"). The service requires it to be at least
   * `pushAccess` in the order noOne (0) < developers (30) < maintainers (40). Updated in place.
   */
  mergeAccess?: pulumi.Input<AccessLevelName>;
  /** If the branch is already protected, manage that protection (and apply these levels) instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * Protects one branch of a repository. Its id is "<repositoryId>:<branch>".
 *
 * Levels are read back through CodeArts Repo's V4 API, whose role values are undocumented; this
 * provider assumes a translation the public docs do not confirm. Force push is not offered: the
 * service never reports it, so it could not be kept in sync.
 */
export class ProtectedBranch extends pulumi.dynamic.Resource {
  /** The repository's integer id. */
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly repositoryUuid: pulumi.Output<string>;
  declare readonly branch: pulumi.Output<string>;
  /** Who may push, as the service reports it. */
  declare readonly pushAccess: pulumi.Output<AccessLevelName>;
  /** Who may merge, as the service reports it. */
  declare readonly mergeAccess: pulumi.Output<AccessLevelName>;
  declare readonly adoptExisting: pulumi.Output<boolean>;

  constructor(name: string, args: ProtectedBranchArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here, so the ones the program left to their defaults are outputs too.
    const props = {
      ...repositoryInputs(args.repository),
      branch: args.branch,
      pushAccess: args.pushAccess,
      mergeAccess: args.mergeAccess,
      adoptExisting: args.adoptExisting,
    };
    super(providerShim("protected-branch"), name, props, opts, "codeartsrepo", "ProtectedBranch");
  }
}
