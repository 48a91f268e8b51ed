import * as pulumi from "@pulumi/pulumi";

/**
 * Which repository a child resource (protected branch, member, webhook…) belongs to. A
 * {@link Repository} resource fits as it is; so does any object with its two ids, for a repository
 * this program does not manage.
 */
export interface RepositoryRef {
  /** The integer id v2/V4 calls use. */
  repositoryId: pulumi.Input<number>;
  /** The 32-character uuid v1/v2 calls use. */
  repositoryUuid: pulumi.Input<string>;
}

/** The repository's ids as plain inputs of a child resource. */
export function repositoryInputs(ref: RepositoryRef): { repositoryId: pulumi.Input<number>; repositoryUuid: pulumi.Input<string> } {
  return { repositoryId: ref.repositoryId, repositoryUuid: ref.repositoryUuid };
}
