import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";

/** Arguments a program gives a {@link Repository}; every one accepts a Pulumi Input. */
export interface RepositoryArgs {
  /** The CodeArts project (32 hexadecimal characters) the repository belongs to. Changing it replaces the repository. */
  projectId: pulumi.Input<string>;
  /**
   * Repository name: 2–128 letters, digits, '-' and '_', starting with a letter. Unique within
   * the project. Changing it replaces the repository.
   */
  name: pulumi.Input<string>;
  /** Description. The service has no call to change it, so changing it replaces the repository. */
  description?: pulumi.Input<string>;
  /** "private" (default) or "public" (read-only for everyone). Changing it replaces the repository. */
  visibility?: pulumi.Input<"private" | "public">;
  /** Create the repository with a README. Creation-time only. */
  enableReadme?: pulumi.Input<boolean>;
  /** Language whose .gitignore the repository starts with, e.g. "Java". Creation-time only. */
  gitignoreId?: pulumi.Input<string>;
  /** License the repository starts with. Creation-time only. */
  licenseId?: pulumi.Input<number>;
  /** Make the CodeArts project's members members of the repository. Creation-time only. */
  importMembers?: pulumi.Input<boolean>;
  /** HTTPS URL of a repository to import. Kept secret: it may carry credentials. Creation-time only. */
  importUrl?: pulumi.Input<string>;
  /**
   * If a repository with this name already exists in the project, manage it instead of failing.
   * (Pulumi's `import` option does not work for dynamic providers.) Deleting the resource deletes
   * the adopted repository, unless the resource has `retainOnDelete: true`.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * A CodeArts Repo repository. Its id is the repository's 32-character uuid.
 *
 * No API changes a repository in place, so every argument but `adoptExisting` replaces it when
 * changed — and replacing a repository deletes its code. Consider `protect: true`.
 */
export class Repository extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly visibility: pulumi.Output<"private" | "public">;
  declare readonly enableReadme: pulumi.Output<boolean>;
  declare readonly gitignoreId: pulumi.Output<string | undefined>;
  declare readonly licenseId: pulumi.Output<number | undefined>;
  declare readonly importMembers: pulumi.Output<boolean>;
  declare readonly importUrl: pulumi.Output<string | undefined>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The 32-character uuid v1/v2 calls address the repository by (also the resource id). */
  declare readonly repositoryUuid: pulumi.Output<string>;
  /** The integer id v2/V4 calls address the repository by. */
  declare readonly repositoryId: pulumi.Output<number>;
  /** The namespace segment of the clone URLs, which v1 webhook calls use. */
  declare readonly groupName: pulumi.Output<string>;
  declare readonly httpsUrl: pulumi.Output<string>;
  declare readonly sshUrl: pulumi.Output<string>;
  declare readonly webUrl: pulumi.Output<string>;
  /** "ok", "creating", "failed", "frozen", "closed" or "unknown". */
  declare readonly status: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("repository"),
      name,
      {
        ...args,
        repositoryUuid: undefined,
        repositoryId: undefined,
        groupName: undefined,
        httpsUrl: undefined,
        sshUrl: undefined,
        webUrl: undefined,
        status: undefined,
        createdAt: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "importUrl"] },
      "codeartsrepo",
      "Repository",
    );
  }
}
