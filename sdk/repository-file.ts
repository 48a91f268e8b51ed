import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { RepositoryFileInputs, RepositoryFileOutputs } from "../provider/repository-file";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link RepositoryFile}: the provider's inputs
 * (provider/repository-file.ts, where each is documented once), each a Pulumi Input, with the
 * repository given as a reference.
 */
export type RepositoryFileArgs = ResourceArgs<Omit<z.input<typeof RepositoryFileInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository the file belongs to: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<RepositoryFileOutputs, RepositoryFileInputs>()(["targetBranch", "location", "blobId", "lastCommitId"]);

/** The file as the provider last read it (provider/repository-file.ts RepositoryFileOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface RepositoryFile extends ResourceOutputs<RepositoryFileOutputs> {}

/**
 * One file on one branch of a CodeArts Repo repository (CODEOWNERS, a CI configuration), with
 * the content the program gives. Its id is `<repositoryId>/<filePath>@<branch>`. A new content is
 * a commit; another path, branch or repository replaces it. A secret content stays secret in state.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RepositoryFile extends pulumi.dynamic.Resource {
  constructor(name: string, args: RepositoryFileArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("repository-file"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "RepositoryFile");
  }
}
