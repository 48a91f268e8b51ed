/**
 * RepositoryFile: one file on one branch of a repository, with the content the program gives
 * (CODEOWNERS, a CI configuration, a policy file), V4.
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/repository/file?file_path=&ref= (a file there: adopt, or refuse saying how), GET /v4/repositories/{id} when the program names no branch (its default branch), POST /v4/repositories/{id}/repository/files, then the GET above for the ids the answer lacks |
 * | adopt  | the look above; PUT /v4/repositories/{id}/repository/file?file_path= and the GET only where the content differs |
 * | read   | GET /v4/repositories/{id}/repository/file?file_path=&ref=: one call per file (no list gives content); 404 (file, branch or repository gone) → gone |
 * | update | PUT /v4/repositories/{id}/repository/file?file_path= (a commit with the program's message), then the GET for the new ids; a new message alone is recorded with no call |
 * | delete | DELETE /v4/repositories/{id}/repository/file?file_path=&branch=&commit_message= (404 → already gone) |
 *
 * Why a GET after each write: create_file and update_file answer only `{branch, file_path}` (SDK
 * CreateFileResponse, UpdateFileResponse), so the blob and commit the write made are read back.
 *
 * The brief for this kind expected updates through create_commit; the official SDK has a
 * dedicated update_file (UpdateFileBodyDto), which is used. Its `last_commit_id` is not sent: an
 * update sets the content the program declares, a console edit included (that is the remediation
 * of drift), and without it a retry after a lost answer writes the same content again.
 *
 * Content is compared, not only hashed: the outputs hold it as read, so that a drift report shows
 * what changed. That stores it twice in state (inputs and outputs), which suits the small files
 * this resource is for; a secret content stays secret in both (the engine marks an output secret
 * when the input of the same name is; `blobId` and `lastCommitId`, git's hashes over the file,
 * stay plain, which the README points out). Reading uses the answer's `content_sha256` first: when it
 * is the digest of the program's bytes the file is unchanged and nothing is decoded. The SDK does
 * not say which encoding the show answers content in; its `encoding` field is followed ("base64"
 * decoded, anything else read as text). It does not explain `is_limited` ("whether the file is
 * restricted"); the provider does not interpret it.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsArgumentError } from "../api/errors";
import { BRANCH_MAX, FILE_ENCODINGS, FILE_PATH_MAX, RepositoryFile } from "../wire/repository-files";
import type { DiffFields } from "./lifecycle";
import { unlessGone } from "./lifecycle";
import { ResourceDescriptor, defineResource } from "./resource";
import { locateInRepository } from "./importing";
import type { ProviderContext } from "./runtime";
import { RepositoryIdentity, checkInputs, holdsUnknown } from "./validation";

/** Who wrote it, in every commit message the provider makes up. */
const PROVIDER_NAME = "pulumi-codeartsrepo";
/** The SDK's bound on delete_file's `commit_message`; the provider's own messages are cut to it. */
const COMMIT_MESSAGE_MAX = 2000;

// A named shape, so that the shipped declarations keep each field's doc comment.
const RepositoryFileShape = {
  ...RepositoryIdentity,
  /** The file's path in the repository (`CODEOWNERS`, `.gitlab-ci.yml`); another path replaces the resource. */
  filePath: z.string().min(1, "must not be empty").max(FILE_PATH_MAX, `must be at most ${FILE_PATH_MAX} characters`),
  /** The branch the file lives on; left out, the repository's default branch (as show_file reads it). Another branch replaces the resource. */
  branch: z.string().min(1, "must not be empty").max(BRANCH_MAX, `must be at most ${BRANCH_MAX} characters`).optional(),
  /** The whole content: text, or base64 with `encoding: "base64"`. A change is a commit. */
  content: z.string(),
  /** How `content` is written: "text" (the provider's choice when left out; the SDK names no default) or "base64". */
  encoding: z.enum(FILE_ENCODINGS, { message: 'must be "text" or "base64"' }).default("text"),
  /** The message of the commits this resource makes; left out, one naming the provider and the path. */
  commitMessage: z.string().min(1, "must not be empty").optional(),
  /**
   * If the branch already has a file at this path, manage it instead of failing (its content is
   * then set from the program). Deleting the resource deletes the file.
   */
  adoptExisting: z.boolean().default(false),
};
export const RepositoryFileInputs: z.ZodObject<typeof RepositoryFileShape> = z.object(RepositoryFileShape);
export type RepositoryFileInputs = z.output<typeof RepositoryFileInputs>;

export interface RepositoryFileOutputs extends RepositoryFileInputs {
  /** The branch the file is on: the program's, or the default branch it resolved to at create. */
  targetBranch: string;
  /** `<filePath>@<targetBranch>`: how reports name the file. */
  location: string;
  /** The service's id of the file's content (ShowFileResponse `blob_id`). */
  blobId: string;
  /** The last commit that changed the file (ShowFileResponse `last_commit_id`). */
  lastCommitId: string;
}

const FIELDS: DiffFields<RepositoryFileInputs> = {
  replace: ["repositoryId", "repositoryUuid", "filePath", "branch"],
  update: ["content", "encoding", "commitMessage", "adoptExisting"],
};

/**
 * Files that decide who reviews or what runs: a changed or removed one is high drift. The Repo API
 * reference documents none of these names, so the list is the conventions of the services CodeArts
 * Repo follows: a CODEOWNERS file in any directory (GitHub and GitLab read it from the root,
 * docs/, .github/ or .gitlab/), and CI configurations — GitLab's .gitlab-ci.yml, GitHub's
 * workflows, a .cloudbuild/ directory (CodeArts Build's build-as-code files, from its user guide,
 * not the Repo API), anything under .codeartsrepo/, a Jenkinsfile.
 */
export function controlsReviewOrCi(filePath: string): boolean {
  const path = filePath.replace(/^\/+/, "");
  const name = path.split("/").at(-1) ?? path;
  if (name === "CODEOWNERS" || name === "Jenkinsfile" || path === ".gitlab-ci.yml") return true;
  return [".github/workflows/", ".cloudbuild/", ".codeartsrepo/"].some((directory) => path.startsWith(directory));
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, "")) && text.replace(/\s/g, "").length % 4 === 0;
}

/** The bytes a content stands for in its encoding. */
function bytesOf(content: string, encoding: string | null | undefined): Buffer {
  return encoding === "base64" ? Buffer.from(content, "base64") : Buffer.from(content, "utf8");
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The live content in the program's encoding; the program's own text when the bytes are the same. */
function liveContent(state: Pick<RepositoryFileInputs, "content" | "encoding">, live: RepositoryFile): string {
  const ours = bytesOf(state.content, state.encoding);
  if (live.content_sha256 && live.content_sha256.toLowerCase() === sha256(ours)) return state.content;
  const theirs = bytesOf(live.content ?? "", live.encoding);
  if (theirs.equals(ours)) return state.content;
  return state.encoding === "base64" ? theirs.toString("base64") : theirs.toString("utf8");
}

/** The engine carries outputs as a protobuf Struct, which cannot hold undefined. */
function defined<T extends object>(outputs: T): T {
  return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined)) as T;
}

function toOutputs(state: RepositoryFileInputs, targetBranch: string, live: RepositoryFile): RepositoryFileOutputs {
  return defined({
    ...state,
    content: liveContent(state, live),
    targetBranch,
    location: `${state.filePath}@${targetBranch}`,
    blobId: live.blob_id ?? "",
    lastCommitId: live.last_commit_id ?? live.commit?.id ?? "",
  });
}

function commitMessage(inputs: RepositoryFileInputs, verb: "Create" | "Update" | "Delete"): string {
  return (inputs.commitMessage ?? `${verb} ${inputs.filePath} (${PROVIDER_NAME})`).slice(0, COMMIT_MESSAGE_MAX);
}

/** The file at `ref` (left out: the default branch), or undefined when it, its branch or its repository is not there. */
function showFile(client: CodeArtsClient, repositoryId: number, filePath: string, ref: string | undefined): Promise<RepositoryFile | undefined> {
  return unlessGone(() => client.call("showFile", { params: { repository_id: repositoryId }, query: { file_path: filePath, ...(ref !== undefined && { ref }) } }));
}

/** The branch a write goes to: the program's, else the repository's default. */
async function branchOf(client: CodeArtsClient, inputs: RepositoryFileInputs): Promise<string> {
  if (inputs.branch !== undefined) return inputs.branch;
  const repository = await client.call("showRepositoryV4", { params: { repository_id: inputs.repositoryId } });
  if (!repository.default_branch) throw new Error(`Repository ${inputs.repositoryId} names no default branch; set branch on the RepositoryFile.`);
  return repository.default_branch;
}

/** The file as a write left it on a branch. */
interface FileOnBranch {
  branch: string;
  live: RepositoryFile;
}

/** Reads back what a write made: the answers of create_file and update_file carry neither blob nor commit. */
async function written(client: CodeArtsClient, inputs: RepositoryFileInputs, branch: string): Promise<FileOnBranch> {
  const live = await client.call("showFile", { params: { repository_id: inputs.repositoryId }, query: { file_path: inputs.filePath, ref: branch } });
  return { branch, live };
}

async function writeContent(client: CodeArtsClient, inputs: RepositoryFileInputs, branch: string): Promise<RepositoryFileOutputs> {
  await client.call("updateFile", {
    params: { repository_id: inputs.repositoryId },
    query: { file_path: inputs.filePath },
    body: { file_path: inputs.filePath, branch, content: inputs.content, encoding: inputs.encoding, commit_message: commitMessage(inputs, "Update") },
  });
  const { live } = await written(client, inputs, branch);
  return toOutputs(inputs, branch, live);
}

/** `<repository>/<filePath>@<branch>`, split at the last `@` (a path may hold one; a branch rarely does). */
function parseLocation(rest: string): { filePath: string; branch: string } {
  const at = rest.lastIndexOf("@");
  if (at <= 0 || at === rest.length - 1) throw new CodeArtsArgumentError(`"${rest}" is not <filePath>@<branch>`);
  return { filePath: rest.slice(0, at), branch: rest.slice(at + 1) };
}

export const repositoryFile: ResourceDescriptor<"repository-file", RepositoryFileInputs, RepositoryFileOutputs, { notImported: string }> = defineResource({
  kind: "repository-file",
  type: "RepositoryFile",
  inputs: RepositoryFileInputs,
  fields: FIELDS,
  // No unmanaged listing: a repository's files are its content, not governance objects.
  report: { label: "file", key: ["location", "filePath"] },
  // The schema checks each field; whether a content is base64 depends on the encoding beside it.
  check(news) {
    const checked = checkInputs(RepositoryFileInputs, news);
    const content = checked.inputs.content;
    if (checked.failures.length > 0 || checked.inputs.encoding !== "base64" || typeof content !== "string" || holdsUnknown(content) || isBase64(content)) return checked;
    return { inputs: news, failures: [{ property: "content", reason: 'must be base64 when encoding is "base64"' }] };
  },
  importer: { notImported: "a repository's files are its content, not objects `codeartsrepo import` lists; import one with `pulumi import` and <repository>/<filePath>@<branch>" },
  id: (outputs: RepositoryFileOutputs) => `${outputs.repositoryId}/${outputs.location}`,

  // Looked up first because a lost answer is recovered by the path: a file someone made before
  // would otherwise be taken for the one created, and a destroy would delete it.
  create: {
    find: ({ client }, inputs) => showFile(client, inputs.repositoryId, inputs.filePath, inputs.branch),
    conflict: (inputs, existing: RepositoryFile) =>
      `Repository ${inputs.repositoryId} already has ${inputs.filePath} on ${existing.ref ?? inputs.branch ?? "its default branch"} (blob ${existing.blob_id ?? "unknown"}). ` +
      "Set adoptExisting: true to manage it with this program (its content is then set from the program), or pick another path.",
    async adopt({ client }, inputs, existing) {
      const branch = inputs.branch ?? existing.ref ?? (await branchOf(client, inputs));
      const asFound = toOutputs(inputs, branch, existing);
      if (asFound.content === inputs.content) return asFound;
      return writeContent(client, inputs, branch);
    },
    async call({ client }: ProviderContext, inputs: RepositoryFileInputs): Promise<FileOnBranch> {
      const branch = await branchOf(client, inputs);
      await client.call("createFile", {
        params: { repository_id: inputs.repositoryId },
        body: { file_path: inputs.filePath, branch, content: inputs.content, encoding: inputs.encoding, commit_message: commitMessage(inputs, "Create") },
      });
      return written(client, inputs, branch);
    },
    // The show names the branch it read (`ref`); the look asked for the program's branch or the default one.
    recovered: (found): FileOnBranch => ({ branch: found.ref ?? "", live: found }),
    created: (inputs, { branch, live }) => toOutputs(inputs, inputs.branch ?? branch, live),
    routes: { find: "showFile", create: "createFile", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read({ client }, _id, props) {
    // An empty targetBranch (a lost create answer whose show named no ref) reads the default branch, where the look found it.
    const live = await showFile(client, props.repositoryId, props.filePath, props.targetBranch || undefined);
    return live && toOutputs(props, props.targetBranch, live);
  },

  async update({ client }, _id, olds, news) {
    const sameBytes = bytesOf(olds.content, olds.encoding).equals(bytesOf(news.content, news.encoding));
    // A new message or adoptExisting alone: recorded, no commit.
    if (sameBytes) return defined({ ...olds, ...news, targetBranch: olds.targetBranch, location: olds.location });
    return writeContent(client, news, olds.targetBranch);
  },

  importId: {
    format: "<repository>/<filePath>@<branch>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.location}`,
    async locate({ client }, importId) {
      const { rest, ...repository } = await locateInRepository(client, importId);
      const { filePath, branch } = parseLocation(rest);
      return { id: `${repository.repositoryId}/${filePath}@${branch}`, props: { ...repository, filePath, branch, targetBranch: branch, content: "", encoding: "text" } };
    },
  },

  remove: ({ client }, _id, props) =>
    client.call("deleteFile", {
      params: { repository_id: props.repositoryId },
      query: { file_path: props.filePath, ...(props.targetBranch && { branch: props.targetBranch }), commit_message: commitMessage({ ...props, commitMessage: undefined }, "Delete") },
    }),
});

export const provider = repositoryFile.provider;
