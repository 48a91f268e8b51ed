import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";
import { RepositoryRef, repositoryInputs } from "./common";
import type { AccessLevelName, AccessReading } from "./protected-branch";

/** Arguments a program gives a {@link ProtectedTag}; every one accepts a Pulumi Input. */
export interface ProtectedTagArgs {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. Changing it replaces the protection. */
  repository: RepositoryRef;
  /**
   * A tag name or a pattern such as "v*". The service documents that it must match at least one
   * existing tag when created. Changing it replaces the protection.
   */
  tag: pulumi.Input<string>;
  /** Who may create matching tags: "noOne", "developers" (and maintainers) or "maintainers" (default). Updated in place. */
  createAccess?: pulumi.Input<AccessLevelName>;
  /** If these tags are already protected, manage that protection (and apply this level) instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * Protects tags matching a name or pattern. Its id is "<repositoryId>:<tag>".
 *
 * The level is written, read back and changed in place through CodeArts Repo's V4 API as a role
 * whitelist, with role ids learned from the repository's role list (see {@link AccessLevelName}).
 */
export class ProtectedTag extends pulumi.dynamic.Resource {
  /** The repository's integer id. */
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly repositoryUuid: pulumi.Output<string>;
  declare readonly tag: pulumi.Output<string>;
  /** Who may create matching tags, as the service reports it. */
  declare readonly createAccess: pulumi.Output<AccessReading>;
  declare readonly adoptExisting: pulumi.Output<boolean>;

  constructor(name: string, args: ProtectedTagArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here, so the ones the program left to their defaults are outputs too.
    const props = { ...repositoryInputs(args.repository), tag: args.tag, createAccess: args.createAccess, adoptExisting: args.adoptExisting };
    super(providerShim("protected-tag"), name, props, opts, "codeartsrepo", "ProtectedTag");
  }
}
