import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";

/** Arguments a program gives a {@link Repository}; every one accepts a Pulumi Input. */
export interface RepositoryArgs {
  /** The CodeArts project (32 hexadecimal characters) the repository belongs to. Only a replacement can change it (see `allowReplace`). */
  projectId: pulumi.Input<string>;
  /**
   * Repository name: 2–128 letters, digits, '-' and '_', starting with a letter. Unique within
   * the project. Only a replacement can change it (see `allowReplace`).
   */
  name: pulumi.Input<string>;
  /**
   * Description. The service has no call to change it, so only a replacement can (see
   * `allowReplace`). Left out, any live description is accepted.
   */
  description?: pulumi.Input<string>;
  /** "private" (default) or "public" (read-only for everyone). Only a replacement can change it (see `allowReplace`). */
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
  /**
   * Let a difference in a field only replacement can change (name, project, description,
   * visibility, a creation-time setting) replace the repository: delete it with all its code and
   * create a new, empty one. Default false: such a difference — from the program or from a change
   * made in the console — fails `pulumi preview` and `pulumi up` for this resource with the field,
   * both values and the ways out, and nothing is deleted. Turn it back off after the replacement.
   */
  allowReplace?: pulumi.Input<boolean>;
}

/**
 * A CodeArts Repo repository. Its id is the repository's 32-character uuid.
 *
 * No API changes a repository in place, and replacing a repository deletes its code. So a
 * difference in any argument but `adoptExisting` and `allowReplace` — a program change, or a
 * change made in the console that a refresh read — fails the preview instead of planning a
 * replacement, unless `allowReplace` is true. Consider `protect: true` as well.
 */
export class Repository extends pulumi.dynamic.Resource {
  declare readonly projectId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  /** As the service reports it: "internal" can be set in the console, not by this provider. */
  declare readonly visibility: pulumi.Output<"private" | "public" | "internal">;
  declare readonly enableReadme: pulumi.Output<boolean>;
  declare readonly gitignoreId: pulumi.Output<string | undefined>;
  declare readonly licenseId: pulumi.Output<number | undefined>;
  declare readonly importMembers: pulumi.Output<boolean>;
  declare readonly importUrl: pulumi.Output<string | undefined>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  declare readonly allowReplace: pulumi.Output<boolean>;
  /** The 32-character uuid v1/v2 calls address the repository by (also the resource id). */
  declare readonly repositoryUuid: pulumi.Output<string>;
  /** The integer id v2/V4 calls address the repository by. */
  declare readonly repositoryId: pulumi.Output<number>;
  /** The namespace segment of the clone URLs, which v1 webhook calls use. */
  declare readonly groupName: pulumi.Output<string>;
  declare readonly httpsUrl: pulumi.Output<string>;
  declare readonly sshUrl: pulumi.Output<string>;
  declare readonly webUrl: pulumi.Output<string>;
  /** The default branch, as the service reports it. */
  declare readonly defaultBranch: pulumi.Output<string>;
  /** "ok", "creating", "failed", "frozen", "closed", or "unknown" for a status the reference does not document. */
  declare readonly status: pulumi.Output<string>;
  /** The status number as read (§4.2.22), which tells an undocumented status such as 5 apart. */
  declare readonly statusCode: pulumi.Output<number | undefined>;
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: RepositoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("repository"),
      name,
      {
        ...args,
        // Secret even when the program passes a plain string: `additionalSecretOutputs` protects
        // the output, not the copy of the input the state also keeps.
        importUrl: args.importUrl === undefined ? undefined : pulumi.secret(args.importUrl),
        repositoryUuid: undefined,
        repositoryId: undefined,
        groupName: undefined,
        httpsUrl: undefined,
        sshUrl: undefined,
        webUrl: undefined,
        defaultBranch: undefined,
        status: undefined,
        statusCode: undefined,
        createdAt: undefined,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "importUrl"] },
      "codeartsrepo",
      "Repository",
    );
  }
}
