import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { FilePushPermissionInputs, FilePushPermissionOutputs } from "../provider/file-push-permission";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link FilePushPermission}: the provider's inputs
 * (provider/file-push-permission.ts, where each is documented once), each a Pulumi Input, with the
 * repository given as a reference.
 */
export type FilePushPermissionArgs = ResourceArgs<Omit<z.input<typeof FilePushPermissionInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository the rule belongs to: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<FilePushPermissionOutputs, FilePushPermissionInputs>()(["permissionId"]);

/** The rule as the provider last read it (provider/file-push-permission.ts FilePushPermissionOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface FilePushPermission extends ResourceOutputs<FilePushPermissionOutputs> {}

/**
 * Who may push changes to the files a path or wildcard matches in a CodeArts Repo repository (a
 * file push permission). Its id is `<repositoryId>/<permissionId>`. The path and the level change
 * in place; moving it to another repository replaces it.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class FilePushPermission extends pulumi.dynamic.Resource {
  constructor(name: string, args: FilePushPermissionArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("file-push-permission"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "FilePushPermission");
  }
}
