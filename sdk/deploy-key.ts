import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";
import { RepositoryRef, repositoryInputs } from "./common";

/** Arguments a program gives a {@link DeployKey}; every one accepts a Pulumi Input. */
export interface DeployKeyArgs {
  /** The repository the key gives access to: a Repository resource or `{repositoryId, repositoryUuid}`. */
  repository: RepositoryRef;
  /** The key's name in the repository's settings. Must not be empty. Changing it replaces the key. */
  title: pulumi.Input<string>;
  /**
   * An OpenSSH public key, `type base64 [comment]` (e.g. the contents of id_ed25519.pub). Comments
   * and spacing do not count as changes; another key replaces the deploy key.
   */
  key: pulumi.Input<string>;
  /**
   * Whether the key may push (default false). The service never reports it back, so a change made
   * in the console is not seen. Changing it replaces the key.
   */
  canPush?: pulumi.Input<boolean>;
  /** Where the key is used, as the service records it (default ""). Changing it replaces the key. */
  application?: pulumi.Input<string>;
  /**
   * If this key is already a deploy key of the repository, manage it instead of failing. Deleting
   * the resource removes the adopted key, unless the resource has `retainOnDelete: true`.
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * The fingerprint (`SHA256:…` or MD5) of the listed key to adopt, as `codeartsrepo import` writes
   * it: a `key` with another fingerprint fails `check`, and adoption adds no key when the repository
   * lists none with this one. Leave it out for a key the program creates.
   */
  expectedFingerprint?: pulumi.Input<string>;
}

/**
 * A deploy key of a CodeArts Repo repository. Its id is the service's key id.
 *
 * The service has no call that changes a deploy key, so every change replaces it; when the key
 * itself stays the same, the old one is removed before the new one is added (a repository refuses
 * the same key twice).
 */
export class DeployKey extends pulumi.dynamic.Resource {
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly repositoryUuid: pulumi.Output<string>;
  declare readonly title: pulumi.Output<string>;
  declare readonly key: pulumi.Output<string>;
  declare readonly canPush: pulumi.Output<boolean>;
  declare readonly application: pulumi.Output<string>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The fingerprint the program named for adoption, when it named one. */
  declare readonly expectedFingerprint: pulumi.Output<string | undefined>;
  /** The service's id of the key (also the resource id). */
  declare readonly keyId: pulumi.Output<string>;
  /** The key's OpenSSH `SHA256:…` fingerprint (or the service's, when a refresh found another key under this id). */
  declare readonly fingerprint: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: DeployKeyArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, ...rest } = args;
    super(
      providerShim("deploy-key"),
      name,
      { ...rest, ...repositoryInputs(repository), keyId: undefined, fingerprint: undefined, createdAt: undefined },
      opts,
      "codeartsrepo",
      "DeployKey",
    );
  }
}
