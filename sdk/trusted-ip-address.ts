import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { TrustedIpAddressInputs, TrustedIpAddressOutputs } from "../provider/trusted-ip-address";
import { RepositoryRef, ResourceArgs, ResourceOutputs, outputsOnly, repositoryInputs } from "./common";

/**
 * Arguments a program gives a {@link TrustedIpAddress}: the provider's inputs
 * (provider/trusted-ip-address.ts, where each is documented once), each a Pulumi Input, with the
 * repository given as a reference.
 */
export type TrustedIpAddressArgs = ResourceArgs<Omit<z.input<typeof TrustedIpAddressInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository whose allowlist holds the entry: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<TrustedIpAddressOutputs, TrustedIpAddressInputs>()(["ipId", "ipRange"]);

/** The entry as the provider last read it (provider/trusted-ip-address.ts TrustedIpAddressOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface TrustedIpAddress extends ResourceOutputs<TrustedIpAddressOutputs> {}

/**
 * One entry of a CodeArts Repo repository's IP allowlist: an address, a range or a CIDR block, and
 * whether it may view, download and commit. Its id is `<repositoryId>/<ipId>`. Every setting, the
 * address included, changes in place; moving it to another repository replaces it.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class TrustedIpAddress extends pulumi.dynamic.Resource {
  constructor(name: string, args: TrustedIpAddressArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(providerShim("trusted-ip-address"), name, { ...rest, ...repositoryInputs(repository), ...OUTPUTS_ONLY }, opts, "codeartsrepo", "TrustedIpAddress");
  }
}
