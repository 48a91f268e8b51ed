import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { TagInputs, TagOutputs } from "../provider/tag";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link Tag}: the provider's inputs (provider/tag.ts, where each is
 * documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type TagArgs = ResourceArgs<Omit<z.input<typeof TagInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository: a {@link Repository} resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<TagOutputs, TagInputs>()(["commitId"]);

/** The tag's properties as the provider last read them (provider/tag.ts TagOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Tag extends ResourceOutputs<TagOutputs> {}

/**
 * A tag of a repository. Its id is "<repositoryId>:<name>". A change that would move it is refused
 * unless `allowReplace` is set; deleting the resource deletes the tag.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tag extends pulumi.dynamic.Resource {
  constructor(name: string, args: TagArgs, opts?: pulumi.CustomResourceOptions) {
    // Every output is named here (the compiler holds the list to the provider's outputs).
    const props = {
      ...repositoryInputs(args.repository),
      name: args.name,
      ref: args.ref,
      message: args.message,
      allowReplace: args.allowReplace,
      adoptExisting: args.adoptExisting,
      ...OUTPUTS_ONLY,
    } satisfies Record<keyof TagOutputs, unknown>;
    super(providerShim("tag"), name, props, opts, "codeartsrepo", "Tag");
  }
}
