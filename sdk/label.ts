import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { LabelInputs, LabelOutputs } from "../provider/label";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link Label}: the provider's inputs (provider/label.ts, where each
 * is documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type LabelArgs = ResourceArgs<Omit<z.input<typeof LabelInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository the label belongs to: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<LabelOutputs, LabelInputs>()(["labelId", "textColor"]);

/** The label's properties as the provider last read them (provider/label.ts LabelOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Label extends ResourceOutputs<LabelOutputs> {}

/**
 * A label of a CodeArts Repo repository, for merge requests. Its id is `<repositoryId>/<labelId>`.
 * A new name renames the label in place; moving it to another repository replaces it.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Label extends pulumi.dynamic.Resource {
  constructor(name: string, args: LabelArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("label"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "Label");
  }
}
