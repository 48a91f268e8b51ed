/**
 * Tag: one tag of a repository, on a branch's head or a commit. Through the V4 calls (SDK
 * CreateTag, ShowTag, DeleteTag; see wire/tags.ts).
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/repository/tag?tag_name= (taken → refuse, or adopt with adoptExisting), then POST /v4/repositories/{id}/repository/tags `{tag_name, ref, message}`; a lost answer is followed by a look-up, not a second create |
 * | adopt  | the same look: an existing tag is managed as it is |
 * | read   | GET …/repository/tag?tag_name=: the commit it names; 404 (tag or repository) → gone |
 * | update | none: only allowReplace and adoptExisting change in place, without a call; a moved tag (below) is refused |
 * | delete | GET …/repository/tag?tag_name= (a tag naming another commit than recorded was made again by someone else: refused), then DELETE …/repository/tag?tag_name= (404 → already gone) |
 *
 * Read goes through the one-tag call rather than the tag list: a repository may hold thousands
 * of tags, of which a program declares a few.
 *
 * A tag names a release: moving it makes the same name mean other code, and deleting it may lose
 * the commits only it reaches. So a change that would replace it (repository, name, ref or
 * message) is refused at preview unless the program sets `allowReplace: true`. `ref` is used at
 * creation: give a commit id for a release, since a branch moves on. A tag moved in the console
 * (deleted and made again elsewhere) shows as drift of `commitId`, and with a full commit id as
 * `ref` the next `up` fails saying so, or puts it back with allowReplace; one deleted reads as gone,
 * and the next `up` creates it again from `ref`.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsOperationError } from "../api/errors";
import { describeCall } from "../api/routes";
import { protectionId } from "./protections";
import { locateInRepository } from "./importing";
import { DiffFields, diffAllowingReplace, unlessGone } from "./lifecycle";
import { ResourceDescriptor, defineResource } from "./resource";
import type { ProviderContext } from "./runtime";
import { RepositoryIdentity, UNKNOWN } from "./validation";
import { isValidRefName } from "../wire/branches";
import { TagV4 } from "../wire/tags";

const NAME_RULE =
  "must be a git tag name of 1–2000 characters: no spaces or any of ~ ^ : ? * [ \\, no '..', '@{' or '//', " +
  "not starting with '-', '.' or '/', not ending with '/', '.' or '.lock'";

// A named shape, so that the shipped declarations keep each field's doc comment.
const TagShape = {
  ...RepositoryIdentity,
  /** The tag name, a git ref name of 1–2000 characters, e.g. "v1.2.0". */
  name: z.string().max(2000, NAME_RULE).refine((name) => isValidRefName(name), { message: NAME_RULE }),
  /**
   * What the tag names: a branch (its head when the tag is created) or a commit id. Used at
   * creation only; give a commit id for a release.
   */
  ref: z.string().min(1, "must name a branch or a commit id"),
  /** The tag's message (CreateTagDto `message`, "the tag's description"). */
  message: z.string().optional(),
  /**
   * A change of repository, name, ref or message replaces the tag: it is deleted and made again,
   * so its name then means other code. Such a change is refused at preview unless this is true.
   */
  allowReplace: z.boolean().default(false),
  /** If the repository already has a tag of this name, manage it instead of failing. */
  adoptExisting: z.boolean().default(false),
};
export const TagInputs: z.ZodObject<typeof TagShape> = z.object(TagShape);
export type TagInputs = z.output<typeof TagInputs>;

export interface TagOutputs extends TagInputs {
  /** The commit the tag names, as last read. */
  commitId: string;
}

const FIELDS = {
  /** No call changes a tag: a change means deleting it and creating another. */
  replace: ["repositoryId", "repositoryUuid", "name", "ref", "message"],
  /** Only in state: no call. */
  update: ["allowReplace", "adoptExisting"],
  /** A replacement that keeps the repository and the name must delete the old tag first. */
  naturalKey: ["repositoryId", "name"],
} as const satisfies DiffFields<TagInputs>;

/** The tag as the service shows it, or undefined when it (or its repository) does not exist. */
function showTag(client: CodeArtsClient, repositoryId: number, name: string): Promise<TagV4 | undefined> {
  return unlessGone(() => client.call("showTag", { params: { repository_id: repositoryId }, query: { tag_name: name } }));
}

function outputsOf(inputs: TagInputs, live: TagV4): TagOutputs {
  const commitId = live.target ?? live.commit?.id ?? "";
  // The service keeps no source ref: an import (which knows none) declares the commit the tag names.
  return { ...inputs, ref: inputs.ref ?? commitId, commitId };
}


/** A full commit id (SHA-1 or SHA-256): the one `ref` a live tag can be held to. */
const FULL_COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/**
 * A tag whose `ref` is a full commit id but which names another commit was moved outside the
 * program (deleted and made again elsewhere). A branch `ref` says nothing about where the tag
 * should be now, so it is never compared.
 */
function movedTo(olds: TagOutputs, news: TagInputs): string | undefined {
  const ref = news.ref;
  if (typeof ref !== "string" || !FULL_COMMIT_ID.test(ref) || olds.ref !== ref) return undefined;
  return olds.commitId && olds.commitId.toLowerCase() !== ref.toLowerCase() ? olds.commitId : undefined;
}

function movedRefusal(olds: TagOutputs, ref: string, commitId: string): CodeArtsOperationError {
  return new CodeArtsOperationError(
    `Tag "${olds.name}" of repository ${olds.repositoryId} names commit ${commitId}, but the program says ${ref}: it was moved ` +
      `outside this program. Set allowReplace: true on this Tag to move it back (it is deleted and made again at ${ref}), or set ` +
      `ref to ${commitId} to keep it where it is.`,
    "update",
  );
}

export const tag: ResourceDescriptor<"tag", TagInputs, TagOutputs> = defineResource({
  kind: "tag",
  type: "Tag",
  inputs: TagInputs,
  fields: FIELDS,
  report: { label: "tag", key: ["name"] },
  id: (outputs: TagOutputs) => protectionId(outputs.repositoryId, outputs.name),

  diff(olds, news) {
    // A value known only at apply (a ref from another resource's output) may well be the same:
    // `up` diffs again once it is known, and replaces or refuses then.
    if (FIELDS.replace.some((field) => news[field] === UNKNOWN)) return { changes: true };
    // A moved tag is put back by a replacement only when allowed. Otherwise it shows as an update,
    // which update() refuses: a refresh (which diffs what it read too) records the move instead
    // of failing, and drift reports it.
    if (movedTo(olds, news)) return news.allowReplace ? { changes: true, replaces: ["ref"], deleteBeforeReplace: true } : { changes: true };
    return diffAllowingReplace(olds, news, FIELDS, {
      type: "Tag",
      name: olds.name,
      repositoryId: olds.repositoryId,
      loss: "that deletes the tag and makes it again, so its name then means other code, and the commits only it reaches may be lost",
    });
  },

  // Looked up first (one call): a lost answer is recovered by the tag's name, and a tag that was
  // there before must never be taken for the one created (a destroy would delete it).
  create: {
    find: ({ client }, inputs) => showTag(client, inputs.repositoryId, inputs.name),
    conflict: (inputs, existing: TagV4) =>
      `Repository ${inputs.repositoryId} already has a tag "${inputs.name}" (at commit ${existing.target ?? existing.commit?.id ?? "unknown"}). ` +
      `Set adoptExisting: true to manage it with this program, or pick another name.`,
    adopt: (_context, inputs, existing) => outputsOf(inputs, existing),
    call: ({ client }: ProviderContext, inputs: TagInputs) =>
      client.call("createTag", {
        params: { repository_id: inputs.repositoryId },
        body: { tag_name: inputs.name, ref: inputs.ref, ...(inputs.message === undefined ? {} : { message: inputs.message }) },
      }),
    recovered: (found) => found,
    created: outputsOf,
    routes: { find: "showTag", create: "createTag", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read({ client }, _id, props) {
    const live = await showTag(client, props.repositoryId, props.name);
    return live && outputsOf(props, live);
  },

  async update(_context, _id, olds, news) {
    const movedCommit = movedTo(olds, news);
    if (movedCommit) throw movedRefusal(olds, news.ref, movedCommit);
    return { ...olds, allowReplace: news.allowReplace, adoptExisting: news.adoptExisting };
  },

  importId: {
    format: "<repository>/<tag name>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.name}`,
    async locate({ client }, importId) {
      const { rest: name, ...repository } = await locateInRepository(client, importId);
      return { id: protectionId(repository.repositoryId, name), props: { ...repository, name } };
    },
  },

  // A tag of this name that names another commit than the one recorded was made again by someone
  // else: it is not this resource's to delete.
  async remove({ client }, _id, props) {
    const live = await showTag(client, props.repositoryId, props.name);
    if (!live) return;
    const commitId = live.target ?? live.commit?.id;
    if (props.commitId && commitId && commitId.toLowerCase() !== props.commitId.toLowerCase()) {
      throw new CodeArtsOperationError(
        `Tag "${props.name}" of repository ${props.repositoryId} names commit ${commitId}, not ${props.commitId} as this resource made it: ` +
          `someone made it again, so it is not deleted. Delete it in the console if it should go, or let the stack forget it ` +
          `(retainOnDelete: true, or \`pulumi state delete\`).`,
        describeCall("deleteTag", { repository_id: props.repositoryId }),
      );
    }
    return client.call("deleteTag", { params: { repository_id: props.repositoryId }, query: { tag_name: props.name } });
  },
});

export const provider = tag.provider;
