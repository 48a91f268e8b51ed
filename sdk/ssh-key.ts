import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";

/** Arguments a program gives an {@link SSHKey}; every one accepts a Pulumi Input. */
export interface SSHKeyArgs {
  /** The key's name on the account. Must not be empty. Changing it replaces the key. */
  title: pulumi.Input<string>;
  /**
   * An OpenSSH public key, `type base64 [comment]`. Comments and spacing do not count as changes;
   * another key replaces the resource.
   */
  key: pulumi.Input<string>;
  /** If the account already has this key, manage it instead of failing. */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * An SSH public key on the CodeArts Repo account of the user the provider's credentials
 * authenticate as. Its id is the service's key id. Every change replaces it; when the key stays the
 * same, the old one is removed first (an account refuses the same key twice).
 */
export class SSHKey extends pulumi.dynamic.Resource {
  declare readonly title: pulumi.Output<string>;
  declare readonly key: pulumi.Output<string>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The service's id of the key (also the resource id). */
  declare readonly keyId: pulumi.Output<string>;
  /** The key's OpenSSH `SHA256:…` fingerprint. */
  declare readonly fingerprint: pulumi.Output<string>;

  constructor(name: string, args: SSHKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("ssh-key"), name, { ...args, keyId: undefined, fingerprint: undefined }, opts, "codeartsrepo", "SSHKey");
  }
}
