import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { ProtectedTagInputs, ProtectedTagOutputs } from "../provider/protected-tag";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";
import type { AccessLevelName } from "./protected-branch";

/**
 * Arguments a program gives a {@link ProtectedTag}: the provider's inputs (provider/protected-tag.ts,
 * where each is documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type ProtectedTagArgs = ResourceArgs<Omit<z.input<typeof ProtectedTagInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. Changing it replaces the protection. */
  repository: RepositoryRef;
};

// None today; listed so that an output-only field added to the provider fails to compile until it is named here.
const OUTPUTS_ONLY = outputsOnly<ProtectedTagOutputs, ProtectedTagInputs>()([]);

/** The protection's properties as the provider last read them (provider/protected-tag.ts ProtectedTagOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ProtectedTag extends ResourceOutputs<ProtectedTagOutputs> {}

/**
 * Protects tags matching a name or pattern. Its id is "<repositoryId>:<tag>".
 *
 * The level is written, read back and changed in place through CodeArts Repo's V4 API as a role
 * whitelist, with role ids learned from the repository's role list (see {@link AccessLevelName}).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ProtectedTag extends pulumi.dynamic.Resource {
  constructor(name: string, args: ProtectedTagArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here, so the ones the program left to their defaults are outputs too
    // (the compiler holds the list to the provider's outputs).
    const props = {
      ...repositoryInputs(args.repository),
      tag: args.tag,
      createAccess: args.createAccess,
      adoptExisting: args.adoptExisting,
      ...OUTPUTS_ONLY,
    } satisfies Record<keyof ProtectedTagOutputs, unknown>;
    super(providerShim("protected-tag"), name, props, opts, "codeartsrepo", "ProtectedTag");
  }
}
