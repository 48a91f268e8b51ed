import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";
import { RepositoryRef, repositoryInputs } from "./common";
import type { MemberRole } from "../provider/member";

/** Arguments a program gives a {@link Member}; every one accepts a Pulumi Input. */
export interface MemberArgs {
  /** The repository: a {@link Repository} resource, or `{repositoryId, repositoryUuid}`. Changing it replaces the membership. */
  repository: RepositoryRef;
  /** The IAM user id (4–32 characters) of the user to add. Changing it replaces the membership. */
  userId: pulumi.Input<string>;
  /** The user's name, sent when adding the member. Changing it needs no API call. */
  userName: pulumi.Input<string>;
  /** "reader" (20, read-only), "developer" (30) or "maintainer" (40, administrator). Changed in place. */
  role: pulumi.Input<MemberRole>;
  /**
   * If the user is already a member of the repository, manage that membership instead of failing
   * (and set its role to `role`). Deleting the resource then removes the member, unless it has
   * `retainOnDelete: true`.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * A user's membership, with a role, in a CodeArts Repo repository. Its id is
 * `<repositoryUuid>/<userId>`. Role changes are made in place, and `pulumi refresh` reads the live
 * role back, so a role changed in the console shows as drift (as "unknown(<role name>)": the
 * service lists roles by ids with no documented mapping to the three roles).
 */
export class Member extends pulumi.dynamic.Resource {
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly repositoryUuid: pulumi.Output<string>;
  declare readonly userId: pulumi.Output<string>;
  declare readonly userName: pulumi.Output<string>;
  /** The live role: "reader", "developer", "maintainer", or "unknown(<name or code>)" for a role the provider cannot name. */
  declare readonly role: pulumi.Output<string>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The id the service lists the member by; role changes and removals address the member by it. */
  declare readonly memberId: pulumi.Output<string>;
  /** The service's id of the role (`repository_role_Id` in its member list) as seen right after the provider set it. */
  declare readonly roleId: pulumi.Output<string | undefined>;

  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("member"), name, { ...rest, ...repositoryInputs(repository), memberId: undefined, roleId: undefined }, opts, "codeartsrepo", "Member");
  }
}
