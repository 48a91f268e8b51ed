import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { RepositoryInputs, RepositoryOutputs } from "../provider/repository";
import { ResourceArgs, ResourceOutputs, Retyped, outputsOnly } from "./common";

/**
 * Arguments a program gives a {@link Repository}: the provider's inputs (provider/repository.ts,
 * where each is documented once), each a Pulumi Input.
 */
export type RepositoryArgs = ResourceArgs<z.input<typeof RepositoryInputs>>;

const OUTPUTS_ONLY = outputsOnly<RepositoryOutputs, RepositoryInputs>()([
  "repositoryUuid",
  "repositoryId",
  "groupName",
  "httpsUrl",
  "sshUrl",
  "webUrl",
  "defaultBranch",
  "status",
  "statusCode",
  "createdAt",
]);

/**
 * The repository's properties as the provider last read them (provider/repository.ts
 * RepositoryOutputs). `status` and `statusCode` keep the types the class has always declared: a
 * plain string, and a number or undefined (the provider stores null for a status the service left out).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Repository extends ResourceOutputs<Retyped<RepositoryOutputs, { status: string; statusCode?: number }>> {}

/**
 * A CodeArts Repo repository. Its id is the repository's 32-character uuid.
 *
 * No API changes a repository in place, and replacing a repository deletes its code. So a
 * difference in any argument but `adoptExisting` and `allowReplace` — a program change, or a
 * change made in the console that a refresh read — fails the preview instead of planning a
 * replacement, unless `allowReplace` is true. Consider `protect: true` as well.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Repository extends pulumi.dynamic.Resource {
  constructor(name: string, args: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("repository"),
      name,
      {
        ...args,
        // Secret even when the program passes a plain string: `additionalSecretOutputs` protects
        // the output, not the copy of the input the state also keeps.
        importUrl: args.importUrl === undefined ? undefined : pulumi.secret(args.importUrl),
        ...OUTPUTS_ONLY,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "importUrl"] },
      "codeartsrepo",
      "Repository",
    );
  }
}
