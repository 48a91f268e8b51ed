import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import type { SshKeyInputs, SshKeyOutputs } from "../provider/ssh-key";
import { ResourceArgs, ResourceOutputs, outputsOnly } from "./common";

/**
 * Arguments a program gives an {@link SSHKey}: the provider's inputs (provider/ssh-key.ts, where
 * each is documented once), each a Pulumi Input.
 */
export type SSHKeyArgs = ResourceArgs<z.input<typeof SshKeyInputs>>;

const OUTPUTS_ONLY = outputsOnly<SshKeyOutputs, SshKeyInputs>()(["keyId", "fingerprint"]);

/** The key's properties as the provider last read them (provider/ssh-key.ts SshKeyOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface SSHKey extends ResourceOutputs<SshKeyOutputs> {}

/**
 * An SSH public key on the CodeArts Repo account of the user the provider's credentials
 * authenticate as. Its id is the service's key id. Every change replaces it; when the key stays the
 * same, the old one is removed first (an account refuses the same key twice).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SSHKey extends pulumi.dynamic.Resource {
  constructor(name: string, args: SSHKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("ssh-key"), name, { ...args, ...OUTPUTS_ONLY }, opts, "codeartsrepo", "SSHKey");
  }
}
