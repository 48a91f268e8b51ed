import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { MemberInputs, MemberOutputs } from "../provider/member";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link Member}: the provider's inputs (provider/member.ts, where each
 * is documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type MemberArgs = ResourceArgs<Omit<z.input<typeof MemberInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository: a {@link Repository} resource, or `{repositoryId, repositoryUuid}`. Changing it replaces the membership. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<MemberOutputs, MemberInputs>()(["memberId", "roleId"]);

/** The membership's properties as the provider last read them (provider/member.ts MemberOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Member extends ResourceOutputs<MemberOutputs> {}

/**
 * A user's membership, with a role, in a CodeArts Repo repository. Its id is
 * `<repositoryUuid>/<userId>`. Role changes are made in place, and `pulumi refresh` reads the live
 * role back, so a role changed in the console shows as drift (as "unknown(<role name>)": the
 * service lists roles by ids with no documented mapping to the three roles).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Member extends pulumi.dynamic.Resource {
  constructor(name: string, args: MemberArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("member"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "Member");
  }
}
