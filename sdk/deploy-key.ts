import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { DeployKeyInputs, DeployKeyOutputs } from "../provider/deploy-key";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link DeployKey}: the provider's inputs (provider/deploy-key.ts,
 * where each is documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type DeployKeyArgs = ResourceArgs<Omit<z.input<typeof DeployKeyInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository the key gives access to: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<DeployKeyOutputs, DeployKeyInputs>()(["keyId", "fingerprint", "createdAt"]);

/** The deploy key's properties as the provider last read them (provider/deploy-key.ts DeployKeyOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface DeployKey extends ResourceOutputs<DeployKeyOutputs> {}

/**
 * A deploy key of a CodeArts Repo repository. Its id is the service's key id.
 *
 * The service has no call that changes a deploy key, so every change replaces it; when the key
 * itself stays the same, the old one is removed before the new one is added (a repository refuses
 * the same key twice).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class DeployKey extends pulumi.dynamic.Resource {
  constructor(name: string, args: DeployKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("deploy-key"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "DeployKey");
  }
}
