import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";
import type { ProtectedBranchInputs, ProtectedBranchOutputs } from "../provider/protected-branch";
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

/**
 * Arguments a program gives a {@link ProtectedBranch}: the provider's inputs
 * (provider/protected-branch.ts, where each is documented once), each a Pulumi Input, with the
 * repository given as a reference.
 */
export type ProtectedBranchArgs = ResourceArgs<Omit<z.input<typeof ProtectedBranchInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. Changing it replaces the protection. */
  repository: RepositoryRef;
};

// None today; listed so that an output-only field added to the provider fails to compile until it is named here.
const OUTPUTS_ONLY = outputsOnly<ProtectedBranchOutputs, ProtectedBranchInputs>()([]);

/** The protection's properties as the provider last read them (provider/protected-branch.ts ProtectedBranchOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ProtectedBranch extends ResourceOutputs<ProtectedBranchOutputs> {}

/**
 * Protects one branch of a repository. Its id is "<repositoryId>:<branch>".
 *
 * Levels are written and read through CodeArts Repo's V4 API as role whitelists; the role ids are
 * learned from the repository's role list, never guessed, and a level whose role the repository
 * lacks fails naming the roles it has. Force push is not offered: the service never reports it,
 * so it could not be kept in sync.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ProtectedBranch extends pulumi.dynamic.Resource {
  constructor(name: string, args: ProtectedBranchArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here, so the ones the program left to their defaults are outputs too
    // (the compiler holds the list to the provider's outputs).
    const props = {
      ...repositoryInputs(args.repository),
      branch: args.branch,
      pushAccess: args.pushAccess,
      mergeAccess: args.mergeAccess,
      adoptExisting: args.adoptExisting,
      ...OUTPUTS_ONLY,
    } satisfies Record<keyof ProtectedBranchOutputs, unknown>;
    super(providerShim("protected-branch"), name, props, opts, "codeartsrepo", "ProtectedBranch");
  }
}
