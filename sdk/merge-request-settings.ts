import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { MergeRequestSettingsInputs, MergeRequestSettingsOutputs } from "../provider/merge-request-settings";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives {@link MergeRequestSettings}: the provider's inputs
 * (provider/merge-request-settings.ts, where each is documented once), each a Pulumi Input, with
 * the repository given as a reference.
 */
export type MergeRequestSettingsArgs = ResourceArgs<Omit<z.input<typeof MergeRequestSettingsInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository whose merge requests these settings govern: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<MergeRequestSettingsOutputs, MergeRequestSettingsInputs>()(["valuesBefore"]);

/** The settings as the provider last read them (provider/merge-request-settings.ts MergeRequestSettingsOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface MergeRequestSettings extends ResourceOutputs<MergeRequestSettingsOutputs> {}

/**
 * How merge requests into a CodeArts Repo repository are merged and what a merge needs (its
 * merge-request settings). Its id is the repository id. The settings exist with the repository:
 * the resource sets the fields the program sets, leaves the others alone, and when deleted puts
 * back the values it found. Every field changes in place; moving it to another repository replaces it.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class MergeRequestSettings extends pulumi.dynamic.Resource {
  constructor(name: string, args: MergeRequestSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("merge-request-settings"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "MergeRequestSettings");
  }
}
