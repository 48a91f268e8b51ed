/**
 * Branch: one branch of a repository, started from a branch, tag or commit. Through the V4 calls
 * (SDK CreateBranch, ShowBranch, DeleteBranch; see wire/branch.ts).
 *
 * | operation | API |
 * |---|---|
 * | create | GET …/repository/branch?branch_name= (taken → refuse, or adopt with adoptExisting), then POST /v4/repositories/{id}/repository/branches `{branch, ref}`; a lost answer is followed by a look-up, not a second create |
 * | adopt  | GET /v4/repositories/{id}/repository/branch?branch_name= (an existing branch is managed as it is) |
 * | read   | GET …/repository/branch?branch_name=: the commit it points at and its protected flag; 404 (branch or repository) → gone |
 * | update | none needed: only allowReplace and adoptExisting change in place, without a call |
 * | delete | GET …/branch?branch_name= (refuse the default branch), then DELETE …/repository/branch?branch_name= (404 → already gone) |
 *
 * Read goes through the one-branch call rather than the coalesced list: the list's
 * BranchSimpleDto has no commit, and the commit is this resource's main output.
 *
 * A branch holds commits: deleting one loses the commits only it reaches. So a change that would
 * replace the branch (its repository, name or starting ref) is refused at preview unless the
 * program sets `allowReplace: true`. The starting ref is creation-only: the branch moves on with
 * every push, so `ref` is not compared with the live branch; `commitId` shows where it points.
 * A branch deleted in the console reads as gone, and the next `up` creates it again from `ref`.
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsOperationError } from "../api/errors";
import { protectionId } from "./protections";
import { locateInRepository } from "./importing";
import { describeCall } from "../api/routes";
import { DiffFields, diffAllowingReplace, unlessGone } from "./lifecycle";
import { ResourceDescriptor, defineResource } from "./resource";
import type { ProviderContext } from "./runtime";
import { RepositoryIdentity } from "./validation";
import { BranchV4, isCreatableRefName } from "../wire/branch";

const REF_RULE =
  "must be a git ref name of 1–200 characters: no spaces or any of [ \\ < ~ ^ : ? * ! ( ) ' \" |, " +
  "no '..' or '@{', not starting with '-', '.', '/', 'refs/heads/' or 'refs/remotes/', not ending with '/', '.' or '.lock'";

// A named shape: the declarations the package ships keep its doc comments, which the inferred
// type of z.object({...}) drops (and with them the docs a program author sees on BranchArgs).
const BranchShape = {
  ...RepositoryIdentity,
  /** The branch name, a git ref name of 1–200 characters, e.g. "release/1.0". */
  name: z.string().refine(isCreatableRefName, { message: REF_RULE }),
  /**
   * Where the branch starts: a branch, tag or commit id. Used at creation only; the branch then
   * moves with every push, and `commitId` shows where it points.
   */
  ref: z.string().refine(isCreatableRefName, { message: `${REF_RULE} (a branch, tag or commit id)` }),
  /**
   * A change of repository, name or ref replaces the branch, which deletes it and the commits only
   * it reaches. Such a change is refused at preview unless this is true.
   */
  allowReplace: z.boolean().default(false),
  /** If the repository already has a branch of this name, manage it instead of failing. */
  adoptExisting: z.boolean().default(false),
};
export const BranchInputs: z.ZodObject<typeof BranchShape> = z.object(BranchShape);
export type BranchInputs = z.output<typeof BranchInputs>;

export interface BranchOutputs extends BranchInputs {
  /** The commit the branch points at, as last read. */
  commitId: string;
  /** Whether a protection rule covers the branch, as last read. */
  protected: boolean;
}

const FIELDS = {
  /** No call changes these: a change means deleting the branch and creating another. */
  replace: ["repositoryId", "repositoryUuid", "name", "ref"],
  /** Only in state: no call. */
  update: ["allowReplace", "adoptExisting"],
  /** A replacement that keeps the repository and the name must delete the old branch first. */
  naturalKey: ["repositoryId", "name"],
} as const satisfies DiffFields<BranchInputs>;

/** The branch as the service shows it, or undefined when it (or its repository) does not exist. */
function showBranch(client: CodeArtsClient, repositoryId: number, name: string): Promise<BranchV4 | undefined> {
  return unlessGone(() => client.call("showBranch", { params: { repository_id: repositoryId }, query: { branch_name: name } }));
}

function outputsOf(inputs: BranchInputs, live: BranchV4): BranchOutputs {
  const commitId = live.commit?.id ?? "";
  // The service keeps no source ref: an import (which knows none) declares the commit the branch is at.
  return { ...inputs, ref: inputs.ref ?? commitId, commitId, protected: live.protected ?? false };
}


export const branch: ResourceDescriptor<"branch", BranchInputs, BranchOutputs> = defineResource({
  kind: "branch",
  type: "Branch",
  inputs: BranchInputs,
  fields: FIELDS,
  report: { label: "branch", key: ["name"] },
  id: (outputs: BranchOutputs) => protectionId(outputs.repositoryId, outputs.name),

  diff: (olds, news) =>
    diffAllowingReplace(olds, news, FIELDS, { type: "Branch", name: olds.name, repositoryId: olds.repositoryId, loss: "that deletes the branch and the commits only it reaches" }),

  // Looked up first (one call) because a lost answer is recovered by the branch's name: a branch
  // that was there before would otherwise be taken for the one created, and a destroy would
  // delete it with the commits only it reaches.
  create: {
    find: ({ client }, inputs) => showBranch(client, inputs.repositoryId, inputs.name),
    conflict: (inputs, existing: BranchV4) =>
      `Repository ${inputs.repositoryId} already has a branch "${inputs.name}" (at commit ${existing.commit?.id ?? "unknown"}). ` +
      `Set adoptExisting: true to manage it with this program, or pick another name.`,
    adopt: (_context, inputs, existing) => outputsOf(inputs, existing),
    call: ({ client }: ProviderContext, inputs: BranchInputs) =>
      client.call("createBranchV4", { params: { repository_id: inputs.repositoryId }, body: { branch: inputs.name, ref: inputs.ref } }),
    recovered: (found) => found,
    created: outputsOf,
    routes: { find: "showBranch", create: "createBranchV4", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read({ client }, _id, props) {
    const live = await showBranch(client, props.repositoryId, props.name);
    return live && outputsOf(props, live);
  },

  // A branch's source ref is not kept by the service: an import declares the commit it points at now.
  importId: {
    format: "<repository>/<branch name>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.name}`,
    async locate({ client }, importId) {
      const { rest: name, ...repository } = await locateInRepository(client, importId);
      return { id: protectionId(repository.repositoryId, name), props: { ...repository, name } };
    },
  },

  async remove({ client }, _id, props) {
    const live = await showBranch(client, props.repositoryId, props.name);
    if (!live) return;
    if (live.default) {
      // The DeleteBranch page does not say what happens to the default branch; do not find out.
      throw new CodeArtsOperationError(
        `Branch "${props.name}" is the default branch of repository ${props.repositoryId}, and deleting it would leave the repository ` +
          `without one. Make another branch the default in the console first, or let the stack forget the branch without deleting it ` +
          `(retainOnDelete: true, or \`pulumi state delete\`).`,
        describeCall("deleteBranchV4", { repository_id: props.repositoryId }),
      );
    }
    return client.call("deleteBranchV4", { params: { repository_id: props.repositoryId }, query: { branch_name: props.name } });
  },
});

export const provider = branch.provider;
