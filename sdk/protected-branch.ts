import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";
import { RepositoryRef, repositoryInputs } from "./common";
import type { AccessLevelName as ProviderAccessLevelName, AccessReading as ProviderAccessReading } from "../provider/protection-roles";

/**
 * Who may act. Each level whitelists roles of the repository, learned from the service by name:
 * "noOne" none; "maintainers" Project manager and Administrator; "developers" those two, Committer
 * and Developer.
 */
export type AccessLevelName = ProviderAccessLevelName;

/**
 * Who may act, as read back: a level, or `custom (…)` when the rule's whitelist is one no level
 * describes (users, member groups, other roles, or the restriction turned off), e.g.
 * `custom (roles: Committer; users: alice)`. A refresh shows it as drift; an update restores the level.
 */
export type AccessReading = ProviderAccessReading;

/** Arguments a program gives a {@link ProtectedBranch}; every one accepts a Pulumi Input. */
export interface ProtectedBranchArgs {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. Changing it replaces the protection. */
  repository: RepositoryRef;
  /** One existing branch, e.g. "master" (no wildcards). Changing it replaces the protection. */
  branch: pulumi.Input<string>;
  /** Who may push: "noOne", "developers" (and maintainers) or "maintainers" (default). Updated in place. */
  pushAccess?: pulumi.Input<AccessLevelName>;
  /** Who may merge, same values (default "maintainers"), independent of `pushAccess`. Updated in place. */
  mergeAccess?: pulumi.Input<AccessLevelName>;
  /** If the branch is already protected, manage that protection (and apply these levels) instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * Protects one branch of a repository. Its id is "<repositoryId>:<branch>".
 *
 * Levels are written and read through CodeArts Repo's V4 API as role whitelists; the role ids are
 * learned from the repository's role list, never guessed, and a level whose role the repository
 * lacks fails naming the roles it has. Force push is not offered: the service never reports it,
 * so it could not be kept in sync.
 */
export class ProtectedBranch extends pulumi.dynamic.Resource {
  /** The repository's integer id. */
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly repositoryUuid: pulumi.Output<string>;
  declare readonly branch: pulumi.Output<string>;
  /** Who may push, as the service reports it. */
  declare readonly pushAccess: pulumi.Output<AccessReading>;
  /** Who may merge, as the service reports it. */
  declare readonly mergeAccess: pulumi.Output<AccessReading>;
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
