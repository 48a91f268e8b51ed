/**
 * Repository: a CodeArts Repo repository in a CodeArts project.
 *
 * | operation | API |
 * |---|---|
 * | create | the name looked up in the run's listing of the project, GET /v2/projects/{project}/repositories (§4.3.4, one per project per run; for a project too large to list, GET /v1/projects/{project}/repositories/validation/{name}, §4.9.3); taken → refuse, or adopt with adoptExisting. POST /v1/repositories (§4.2.9), then poll GET /v2/repositories/{uuid} (§4.2.22) until its status leaves 1 (creating); GET /v4/repositories/{id} for the settings |
 * | adopt  | the look above, then GET /v2/repositories/{uuid} and GET /v4/repositories/{id} |
 * | read   | the v2 view (status, ids, URLs) from the run's listing of the project, or GET /v2/repositories/{uuid} for a repository it does not hold; GET /v4/repositories/{id} (description, default branch, visibility) |
 * | update | none: no documented call changes name, description or visibility (no request model carries them) |
 * | delete | by `onDestroy`: "delete" DELETE /v1/repositories/{uuid} (§4.2.18; 404 → already gone); "lock" POST /v4/{project}/repositories/{id}/lock (LockRepository; 404 → already gone); "keep" none |
 *
 * A repository holds code no state file can bring back, so this provider never plans its deletion
 * on its own: a field that only a replacement can change (name, project, description, visibility,
 * the creation-time settings) that differs — because the program changed it or because someone
 * changed it in the console and a refresh read it — fails the preview with the field, both values
 * and the ways out, unless the program sets `allowReplace: true`. Adoption refuses the same way.
 *
 * Existence: the v2 read answers 404 for a repository that is gone, but may answer 401 CH.080401
 * "No Permission" instead (the Huawei Cloud Terraform provider treats it so), which an
 * authorization problem also produces. A 401 is taken as "gone" only when an authorized listing of
 * the project confirms the uuid is absent. Right after creation the same 401 or a 404 means "not
 * readable yet" and is waited for.
 *
 * Status (§4.2.22): 0 created, 1 creating, 2 failed, 3 frozen, 4 closed. Only 2 is a failed
 * creation, after which the broken repository is removed. Any other status — including 5, which
 * the reference's own examples show (§5.1, §5.3) and no table explains — means the repository
 * exists; it is kept, reported in `status`/`statusCode`, and never deleted.
 *
 * Blind spots: gitignore, license, README and import settings are creation-time only and cannot
 * be read back; they are kept as the program gave them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { describeCall } from "../api/routes";
import { CodeArtsClient } from "../api/client";
import {
  CodeArtsAdoptionRefusedError,
  CodeArtsArgumentError,
  CodeArtsCreationFailedError,
  CodeArtsCreationTimeoutError,
  CodeArtsOperationError,
  CodeArtsReplacementRefusedError,
  isNoPermission,
  isNotFound,
} from "../api/errors";
import { DiffFields, fieldDiff } from "./lifecycle";
import { createOnce } from "./recovery";
import { ResourceDescriptor, defineResource } from "./resource";
import { PollSchedule, poll } from "./poll";
import { ProviderContext, processMemo, providerTiming, slot } from "./runtime";
import { listingAdds, listingRemoves, projectRepositories } from "./project-repositories";
import { rememberNewRepository } from "./new-repositories";
import { UNKNOWN, checkInputs } from "./validation";
import {
  REPOSITORY_NAME_MAX,
  REPOSITORY_NAME_MIN,
  REPOSITORY_NAME_PATTERN,
  RepoInfoV2,
  RepositoryStatus,
  RepositoryV4,
  UUID32_PATTERN,
  VisibilityLevel,
} from "../wire";

// A named shape, so that the shipped declarations keep each field's doc comment.
const RepositoryShape = {
  /** The CodeArts project (32 hexadecimal characters) the repository belongs to. Only a replacement can change it (see `allowReplace`). */
  projectId: z.string().regex(UUID32_PATTERN, "must be a CodeArts project id: 32 hexadecimal characters"),
  /**
   * Repository name: 2–128 letters, digits, '-' and '_', starting with a letter. Unique within
   * the project. Only a replacement can change it (see `allowReplace`).
   */
  name: z
    .string()
    .min(REPOSITORY_NAME_MIN, `must be ${REPOSITORY_NAME_MIN} to ${REPOSITORY_NAME_MAX} characters long`)
    .max(REPOSITORY_NAME_MAX, `must be ${REPOSITORY_NAME_MIN} to ${REPOSITORY_NAME_MAX} characters long`)
    .regex(REPOSITORY_NAME_PATTERN, "must start with a letter and contain only letters, digits, '-' and '_'"),
  /**
   * Description. The service has no call to change it, so only a replacement can (see
   * `allowReplace`). Left out, any live description is accepted.
   */
  description: z.string().max(2000, "must be at most 2000 characters long").optional(),
  /** "private" (default) or "public" (read-only for everyone). Only a replacement can change it (see `allowReplace`). */
  visibility: z.enum(["private", "public"], { message: 'must be "private" or "public"' }).default("private"),
  /** Create the repository with a README. Creation-time only. */
  enableReadme: z.boolean().default(false),
  /** Language whose .gitignore the repository starts with, e.g. "Java". Creation-time only. */
  gitignoreId: z.string().min(1, "must not be empty").optional(),
  /** License the repository starts with. Creation-time only. */
  licenseId: z.number().int("must be a whole number").positive("must be a positive license id").optional(),
  /** Make the CodeArts project's members members of the repository. Creation-time only. */
  importMembers: z.boolean().default(false),
  /** HTTPS URL of a repository to import. Kept secret: it may carry credentials. Creation-time only. */
  importUrl: z
    .url({ protocol: /^https$/, message: "must be an https:// URL of the repository to import" })
    .optional(),
  /**
   * If a repository with this name already exists in the project, manage it instead of failing.
   * (Pulumi's `import` option does not work for dynamic providers.) Deleting the resource deletes
   * the adopted repository, unless the resource has `retainOnDelete: true`.
   */
  adoptExisting: z.boolean().default(false),
  /**
   * Let a difference in a field only replacement can change (name, project, description,
   * visibility, a creation-time setting) replace the repository: delete it with all its code and
   * create a new, empty one. Default false: such a difference — from the program or from a change
   * made in the console — fails `pulumi preview` and `pulumi up` for this resource with the field,
   * both values and the ways out, and nothing is deleted. Turn it back off after the replacement.
   */
  allowReplace: z.boolean().default(false),
  /**
   * What destroying the resource (`pulumi destroy`, or removing it from the program) does to the
   * repository: "delete" (default) deletes it with its code; "lock" locks it (LockRepository: the
   * code and history stay, read-only) and forgets it; "keep" forgets it and leaves it as it is.
   * Recommended for production: "lock". Changing it costs no API call; the value in the state when
   * the resource is destroyed is the one that counts, so change it in an `up` before removing the
   * resource. A replacement (`allowReplace`) that keeps the name needs "delete": a locked or kept
   * repository still holds the name.
   */
  onDestroy: z.enum(["delete", "lock", "keep"], { message: 'must be "delete", "lock" or "keep"' }).default("delete"),
};
export const RepositoryInputs: z.ZodObject<typeof RepositoryShape> = z.object(RepositoryShape);
export type RepositoryInputs = z.output<typeof RepositoryInputs>;

export type RepositoryStatusName = keyof typeof RepositoryStatus | "unknown";
/** What the service reports; "internal" exists in V4 (BasicRepositoryDto) though creation offers only private and public. */
export type LiveVisibility = RepositoryInputs["visibility"] | "internal";

export interface RepositoryOutputs extends Omit<RepositoryInputs, "visibility"> {
  /** As the service reports it: "internal" can be set in the console, not by this provider. */
  visibility: LiveVisibility;
  /** The 32-character uuid v1/v2 calls address the repository by (also the resource id). */
  repositoryUuid: string;
  /** The integer id v2/V4 calls address the repository by. */
  repositoryId: number;
  /** The namespace segment of the clone URLs, which v1 webhook calls use. */
  groupName: string;
  /** The HTTPS clone URL. */
  httpsUrl: string;
  /** The SSH clone URL. */
  sshUrl: string;
  /** The repository's page in the CodeArts Repo console. */
  webUrl: string;
  /** The default branch, as the service reports it. */
  defaultBranch: string;
  /** "ok", "creating", "failed", "frozen", "closed", or "unknown" for a status the reference does not document. */
  status: RepositoryStatusName;
  /**
   * The status number as read (§4.2.22), which tells an undocumented status such as 5 apart.
   * Absent in stacks of 0.1.0 until their next refresh.
   */
  statusCode?: number | null;
  /** When the repository was created, as the service reports it ("" when it does not say). */
  createdAt: string;
}

/** Fields the service reports: a difference may come from the program or from the console. */
const LIVE_REPLACE_ONLY = ["projectId", "name", "description", "visibility"] as const;
/** Fields that only matter when the repository is created and cannot be read back. */
const CREATION_ONLY = ["enableReadme", "gitignoreId", "licenseId", "importMembers", "importUrl"] as const;
/** Fields that change without an API call. */
const PROVIDER_ONLY = ["adoptExisting", "allowReplace", "onDestroy"] as const;
/**
 * No field is listed to replace: the replace-only ones are compared in their own way and replace
 * only when the program allows it (see diff). The name is unique in a project: a replacement that
 * keeps it must delete the old one first.
 */
const FIELDS: DiffFields<RepositoryInputs> = { replace: [], update: PROVIDER_ONLY, naturalKey: ["projectId", "name"] };

/** The provider settings, absent read as their defaults: older stacks have no allowReplace or onDestroy in state. */
function providerSettings(values: Partial<Pick<RepositoryInputs, (typeof PROVIDER_ONLY)[number]>>): Pick<RepositoryInputs, (typeof PROVIDER_ONLY)[number]> {
  return { adoptExisting: values.adoptExisting ?? false, allowReplace: values.allowReplace ?? false, onDestroy: values.onDestroy ?? "delete" };
}

/** Never printed, and kept secret in state: it may carry credentials. */
export const SECRET_FIELDS: readonly (keyof RepositoryOutputs)[] = ["importUrl"];
const isSecretField = (field: string) => (SECRET_FIELDS as readonly string[]).includes(field);

/**
 * Bounded backoff while the service creates the repository. Every status read spends the region's
 * shared budget of 600 calls per minute for that API, and creation (a git repository, often with
 * a README commit) is not a sub-second affair: the first read waits a second.
 */
export const CREATION_POLL: PollSchedule = { firstDelayMs: 1_000, factor: 1.6, maxDelayMs: 3_000, timeoutMs: 5 * 60_000 };

function creationPoll(): PollSchedule {
  return { ...CREATION_POLL, ...providerTiming().creationPoll };
}

const VISIBILITY_OF_LEVEL: Record<number, LiveVisibility> = { 0: "private", 10: "internal", 20: "public" };

function statusName(status: number | null | undefined): RepositoryStatusName {
  const entry = Object.entries(RepositoryStatus).find(([, code]) => code === status);
  return entry ? (entry[0] as RepositoryStatusName) : "unknown";
}

function liveVisibility(v2: RepoInfoV2, v4: RepositoryV4 | undefined, fallback: LiveVisibility): LiveVisibility {
  const named = v4?.visibility;
  if (named === "private" || named === "public" || named === "internal") return named;
  const level = v2.visibility_level;
  return level === undefined || level === null ? fallback : (VISIBILITY_OF_LEVEL[level] ?? fallback);
}

/** Live values the service reports, over what the program gave. */
function toOutputs(given: RepositoryInputs | RepositoryOutputs, v2: RepoInfoV2, v4: RepositoryV4 | undefined): RepositoryOutputs {
  return {
    ...given,
    allowReplace: given.allowReplace ?? false,
    onDestroy: given.onDestroy ?? "delete",
    projectId: v2.project_uuid ?? v4?.project_id ?? given.projectId,
    name: v2.repository_name,
    // Only V4 returns the description; a program that leaves it out gets what is live.
    description: v4?.description ?? given.description,
    visibility: liveVisibility(v2, v4, given.visibility),
    repositoryUuid: v2.repository_uuid,
    repositoryId: v2.repository_id,
    groupName: v2.group_name ?? "",
    httpsUrl: v2.https_url ?? v4?.http_url_to_repo ?? "",
    sshUrl: v2.ssh_url ?? v4?.ssh_url_to_repo ?? "",
    webUrl: v2.web_url ?? "",
    defaultBranch: v4?.default_branch ?? ("defaultBranch" in given ? given.defaultBranch : ""),
    status: statusName(v2.status),
    statusCode: v2.status ?? null,
    createdAt: v2.created_at ?? "",
  };
}

// ---------------------------------------------------------------------------------------------
// Differences that only a replacement can resolve
// ---------------------------------------------------------------------------------------------

interface ReplaceOnlyDifference {
  field: string;
  program: unknown;
  repository: unknown;
  /** Whether `repository` was read from the service (else: what the repository was created with). */
  live: boolean;
}

function sameValue(field: string, a: unknown, b: unknown): boolean {
  // Project ids are hexadecimal: the service may spell them in another case than the program.
  if (field === "projectId" && typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The replace-only fields in which the program (news) and the repository as last read or created
 * (olds) differ. A field whose program value is not known yet (preview) is left out: it is
 * checked again when `up` knows it. A description the program leaves out accepts any.
 */
function replaceOnlyDifferences(olds: Partial<RepositoryOutputs>, news: RepositoryInputs): ReplaceOnlyDifference[] {
  const differences: ReplaceOnlyDifference[] = [];
  const consider = (field: keyof RepositoryInputs, live: boolean, repository: unknown) => {
    const program = news[field];
    if (program === UNKNOWN) return;
    if (field === "description" && program === undefined) return;
    if (!sameValue(field, program, repository)) differences.push({ field, program, repository, live });
  };
  for (const field of LIVE_REPLACE_ONLY) {
    const repository = field === "description" ? (olds.description ?? "") : olds[field];
    consider(field, true, repository);
  }
  for (const field of CREATION_ONLY) consider(field, false, olds[field]);
  return differences;
}

function shown(field: string, value: unknown): string {
  if (isSecretField(field) && value !== undefined) return "[secret]";
  return value === undefined ? "(not set)" : JSON.stringify(value);
}

function describeDifferences(differences: ReplaceOnlyDifference[]): string {
  return differences
    .map(({ field, program, repository, live }) =>
      live
        ? `  - ${field}: the program says ${shown(field, program)}, the repository has ${shown(field, repository)} (as last read from CodeArts Repo)`
        : `  - ${field}: the program says ${shown(field, program)}, the repository was created with ${shown(field, repository)} (a creation-time setting)`,
    )
    .join("\n");
}

function matchingProgram(differences: ReplaceOnlyDifference[]): string {
  return differences
    .filter(({ field }) => !isSecretField(field))
    .map(({ field, repository }) => `${field}: ${repository === undefined ? "undefined" : JSON.stringify(repository)}`)
    .join(", ");
}

export function replacementRefusal(name: string, uuid: string, differences: ReplaceOnlyDifference[]): CodeArtsReplacementRefusedError {
  const fields = differences.map(({ field }) => field).join(", ");
  const match = matchingProgram(differences);
  return new CodeArtsReplacementRefusedError(
    `Repository "${name}" (${uuid}) would have to be replaced — deleted with all its code, then created empty — ` +
      `because no CodeArts Repo API call can change ${fields} in place:\n${describeDifferences(differences)}\n` +
      `Nothing was changed. To go on, either:\n` +
      (match ? `  1. change the program to match the repository (${match}), or add the field to the resource's ignoreChanges; or\n` : `  1. change the program back; or\n`) +
      `  2. set allowReplace: true on this resource to delete the repository and create a new one (its code and history are lost).`,
  );
}

function adoptionRefusal(inputs: RepositoryInputs, uuid: string, differences: ReplaceOnlyDifference[]): CodeArtsAdoptionRefusedError {
  return new CodeArtsAdoptionRefusedError(
    `Repository "${inputs.name}" (${uuid}) exists and adoptExisting is set, but it differs from the program in fields ` +
      `no CodeArts Repo API call can change:\n${describeDifferences(differences)}\n` +
      `Adoption never replaces what it adopts, so nothing was changed. Change the program to match the repository ` +
      `(${matchingProgram(differences)}) and run again.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** "Not there yet" right after creation: the service may answer either. */
function notReadableYet(error: unknown): boolean {
  return isNotFound(error) || isNoPermission(error);
}

/**
 * Whether an authorized listing of the project confirms the repository is gone: the one answer
 * that tells a deleted repository from an authorization problem after a 401 CH.080401. Walks the
 * whole list by uuid, since a repository renamed in the console no longer matches by name.
 */
async function confirmedAbsent(client: CodeArtsClient, projectId: string, uuid: string): Promise<boolean> {
  try {
    const listed = await client.find(
      "listProjectRepositories",
      { params: { project_uuid: projectId }, fresh: true },
      (repo) => repo.repository_uuid.toLowerCase() === uuid.toLowerCase(),
    );
    return listed === undefined;
  } catch (error) {
    // The project itself is gone, and its repositories with it.
    if (isNotFound(error)) return true;
    throw error;
  }
}

/**
 * Polls the repository until the service has created it, and returns it. The v2 read carries the
 * documented status along with the ids and URLs the outputs need, so one read both sees creation
 * finish and gives the outputs. Where the read leaves the status out (§4.2.22's example shows
 * null), the /status call decides. Not readable yet (404, or 401 CH.080401) is waited for.
 */
async function waitUntilCreated(client: CodeArtsClient, uuid: string, name: string, deadline: number): Promise<RepoInfoV2> {
  const where = describeCall("showRepository", { repository_uuid: uuid });
  const schedule = creationPoll();
  return poll<RepoInfoV2>({
    backoff: schedule,
    deadline,
    waitFirst: true,
    attempt: async () => {
      let live: RepoInfoV2 | undefined;
      try {
        live = await client.call("showRepository", { params: { repository_uuid: uuid } });
      } catch (error) {
        if (!notReadableYet(error)) throw error;
      }
      if (!live) return { done: false };
      const status =
        live.status === undefined || live.status === null
          ? await client.call("showRepositoryStatus", { params: { repository_uuid: uuid } })
          : live.status;
      if (status === RepositoryStatus.failed) {
        throw new CodeArtsCreationFailedError(`CodeArts Repo could not create repository "${name}" (${uuid}): its status is 2 (failed).`, where);
      }
      if (status === RepositoryStatus.creating) return { done: false };
      if (statusName(status) === "unknown") {
        // Provider stdout reaches the CLI; this is a repository that exists, so it is kept.
        console.log(
          `[codeartsrepo] repository "${name}" (${uuid}) reports status ${status}, which the API reference does not document; ` +
            `it is kept and managed as created (see the status and statusCode outputs).`,
        );
      }
      return { done: true, value: { ...live, status } };
    },
    onTimeout: () =>
      new CodeArtsCreationTimeoutError(
        `Repository "${name}" (${uuid}) was still being created after ${schedule.timeoutMs / 1000} s; it was left in place. ` +
          `Run \`pulumi refresh\` later, then \`pulumi up\` with adoptExisting: true to manage it.`,
        where,
      ),
  });
}

/** The V4 read of a repository just created, which may lag the v2 one. */
async function readSettingsOnceReadable(client: CodeArtsClient, repositoryId: number, deadline: number): Promise<RepositoryV4> {
  return poll<RepositoryV4, unknown>({
    backoff: creationPoll(),
    deadline,
    attempt: async () => {
      try {
        return { done: true, value: await client.call("showRepositoryV4", { params: { repository_id: repositoryId } }) };
      } catch (error) {
        if (!notReadableYet(error)) throw error;
        return { done: false, note: error };
      }
    },
    // Still not readable: the last answer says why.
    onTimeout: (error) => error as Error,
  });
}

/** The repository with exactly this name in the project, if there is one. */
async function findByName(client: CodeArtsClient, projectId: string, name: string): Promise<RepoInfoV2 | undefined> {
  const free = await client.call("validateRepositoryName", { params: { project_uuid: projectId, repository_name: name } });
  if (free) return undefined;
  return client.find("listProjectRepositories", { params: { project_uuid: projectId }, query: { search: name } }, (repo) => repo.repository_name === name);
}

function createBody(inputs: RepositoryInputs) {
  return {
    name: inputs.name,
    project_uuid: inputs.projectId,
    visibility_level: VisibilityLevel[inputs.visibility],
    import_members: inputs.importMembers ? (1 as const) : (0 as const),
    enable_readme: inputs.enableReadme ? (1 as const) : (0 as const),
    description: inputs.description,
    gitignore_id: inputs.gitignoreId,
    license_id: inputs.licenseId,
    import_url: inputs.importUrl === undefined ? undefined : Buffer.from(inputs.importUrl, "utf8").toString("base64"),
  };
}

async function adopt(client: CodeArtsClient, inputs: RepositoryInputs, existing: RepoInfoV2): Promise<{ id: string; outs: RepositoryOutputs }> {
  const v2 = await client.call("showRepository", { params: { repository_uuid: existing.repository_uuid } });
  const v4 = await client.call("showRepositoryV4", { params: { repository_id: v2.repository_id } });
  const live = toOutputs(inputs, v2, v4);
  // Creation-time settings cannot be read back, so only what the service reports is compared.
  const differences = replaceOnlyDifferences(live, inputs).filter(({ live: readable }) => readable);
  if (differences.length > 0) throw adoptionRefusal(inputs, v2.repository_uuid, differences);
  return { id: v2.repository_uuid, outs: live };
}

function nameTaken(inputs: RepositoryInputs, existing: RepoInfoV2): string {
  return (
    `A repository named "${inputs.name}" already exists in project ${inputs.projectId} (uuid ${existing.repository_uuid}). ` +
    `Set adoptExisting: true to manage it with this program, or choose another name.`
  );
}

async function create(context: ProviderContext, inputs: RepositoryInputs): Promise<{ id: string; outs: RepositoryOutputs }> {
  const { client } = context;
  // The name is checked before the POST (§4.9.3: one call while it is free), because after a
  // create whose outcome is unknown the only way to find what it made is by name: a repository
  // that held the name before must be refused or adopted here, never mistaken afterwards for the
  // one this create made (and later deleted by a destroy the program did not mean for it).
  // The name was free at that check, so a repository holding it after a lost answer is this
  // create's. The remaining risk is a race: someone else creating the same name between the check
  // and the POST, whose repository a lost answer would then have this program adopt. The check is
  // the run's listing of the project where it took one (project-repositories.ts), which widens
  // that window to the run, for one call per project instead of one per repository.
  const outcome = await createOnce<RepoInfoV2, { adopted: { id: string; outs: RepositoryOutputs } } | { uuid: string }>({
    look: async () => {
      const listing = await projectRepositories(context, inputs.projectId);
      return listing ? listing.byName(inputs.name) : findByName(client, inputs.projectId, inputs.name);
    },
    find: () => findByName(client, inputs.projectId, inputs.name),
    adoptExisting: inputs.adoptExisting,
    conflict: (found) => nameTaken(inputs, found),
    adopt: async (existing) => ({ adopted: await adopt(client, inputs, existing) }),
    create: async () => ({ uuid: (await client.call("createRepository", { body: createBody(inputs) })).repository_uuid }),
    recovered: (found) => ({ uuid: found.repository_uuid }),
    routes: { find: "validateRepositoryName", create: "createRepository", params: { project_uuid: inputs.projectId, repository_name: inputs.name } },
  });
  if ("adopted" in outcome) return outcome.adopted;
  const { uuid } = outcome;
  const deadline = Date.now() + creationPoll().timeoutMs;
  let v2: RepoInfoV2;
  try {
    v2 = await waitUntilCreated(client, uuid, inputs.name, deadline);
  } catch (error) {
    // Status 2 is the one documented failure: that repository is useless and would block the name.
    if (error instanceof CodeArtsCreationFailedError) {
      await client.call("deleteRepository", { params: { repository_uuid: uuid } }).catch(() => undefined);
    }
    throw error;
  }
  const v4 = await readSettingsOnceReadable(client, v2.repository_id, deadline);
  await listingAdds(context, inputs.projectId, v2);
  rememberNewRepository(context, v2.repository_id);
  return { id: uuid, outs: toOutputs(inputs, v2, v4) };
}

/** The repository's own v2 read, the one that decides "gone" (with the project's list after a 401). */
async function showV2(client: CodeArtsClient, id: string, projectId: string): Promise<RepoInfoV2 | undefined> {
  try {
    return await client.call("showRepository", { params: { repository_uuid: id } });
  } catch (error) {
    if (isNoPermission(error) && (await confirmedAbsent(client, projectId, id))) return undefined;
    throw error;
  }
}

/**
 * Read: the v2 view (status, ids, URLs) from the run's listing of the project when it holds the
 * repository (one call per project per run), else from the repository's own v2 read; then V4.
 * Only the repository's own v2 read decides "gone" (the driver reads its 404 so). A V4 404 is not
 * evidence that it is gone: after a v2 view from the listing, which may predate a deletion made
 * during the run, the own v2 read decides; after the own v2 read found it, the read fails instead
 * of dropping the repository from the state.
 */
async function read(context: ProviderContext, id: string, props: RepositoryOutputs): Promise<RepositoryOutputs | undefined> {
  const { client } = context;
  // An import knows only the id until this read.
  const listed = props.projectId ? (await projectRepositories(context, props.projectId))?.byUuid(id) : undefined;
  const v2 = listed ?? (await showV2(client, id, props.projectId));
  if (!v2) return undefined;
  let v4: RepositoryV4;
  try {
    v4 = await client.call("showRepositoryV4", { params: { repository_id: v2.repository_id } });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    if (listed) {
      await listingRemoves(context, props.projectId, id);
      return read(context, id, props);
    }
    throw new CodeArtsOperationError(
      `Repository ${id} is listed by GET /v2 but its V4 settings answered 404 (${(error as Error).message}); nothing was changed. Run the refresh again.`,
      describeCall("showRepositoryV4", { repository_id: v2.repository_id }),
    );
  }
  return toOutputs(props, v2, v4);
}

/**
 * The inputs this provider process checked from the program. The engine calls diff in two
 * situations: to plan (preview, up), with the inputs the program's check produced; and after a
 * refresh read, to show what changed, with the inputs recorded in state standing where the
 * program's would (Pulumi's RefreshStep, pkg/resource/deploy/step.go). The two calls can carry
 * identical values, and check runs only before a plan, so a diff whose inputs a check produced in
 * this process is a plan: that one refuses a replacement. Any other diff reports the difference
 * as an update, which update() refuses in turn — so a refresh records what it read instead of
 * failing, and no path plans a replacement the program did not allow.
 *
 * No engine signal can tell the two apart. The dynamic provider host
 * (@pulumi/pulumi cmd/dynamic-provider) passes diff only the id, the old outputs and the new
 * inputs; the gRPC DiffRequest's old inputs and URN stop there. Nor would they help: a refresh
 * diffs with the state's inputs as both old and new inputs, which is also what a plan of an
 * unchanged program sends, and the request has no field naming the operation.
 *
 * Kept per process, not per configuration: check must work (and record) when configuring failed,
 * so that bad inputs are still reported first, and when no configure call happened.
 */
const checkedByProgram = slot(() => new Set<string>());

function inputsKey(inputs: Record<string, unknown>): string {
  const entries = Object.entries(inputs).filter(([key, value]) => key !== "__provider" && value !== undefined);
  // Input names are ASCII: a plain comparison orders them as localeCompare would, without the
  // ICU collation data its first call loads (3–5 MiB of the provider's peak memory in a preview).
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `onDestroy: "lock"`: the repository stays, read-only, and leaves the stack. A 404 is "gone" to the caller. */
async function lock(client: CodeArtsClient, props: RepositoryOutputs): Promise<void> {
  const answer = await client.call("lockRepository", { params: { project_id: props.projectId, repository_id: props.repositoryId } });
  if (String(answer.locked) !== "true") {
    throw new CodeArtsOperationError(
      `The service answered locked: ${JSON.stringify(answer.locked)} to locking repository "${props.name}" (${props.repositoryUuid}); ` +
        `it is still in the stack. Lock it in the console, or set onDestroy: "keep" to let it go as it is.`,
      "the lock of the repository",
    );
  }
}

/**
 * A replacement deletes the old repository through the state's `onDestroy`. One that keeps the
 * name and project must delete first, so a locked or kept repository would still hold the name
 * and the new one could not be created (or, with adoptExisting, would adopt the old one).
 */
function refuseReplacementHoldingTheName(olds: RepositoryOutputs, news: RepositoryInputs): void {
  const onDestroy = olds.onDestroy ?? "delete";
  const keepsName = sameValue("projectId", olds.projectId, news.projectId) && olds.name === news.name;
  if (onDestroy === "delete" || !keepsName) return;
  throw new CodeArtsReplacementRefusedError(
    `Repository "${olds.name}" (${olds.repositoryUuid}) would be replaced under the same name, but its state says ` +
      `onDestroy: "${onDestroy}", so the old repository would stay and keep the name. Nothing was changed. Either give ` +
      `the new repository another name (the old one is then ${onDestroy === "lock" ? "locked" : "left as it is"}), or first ` +
      `run \`pulumi up\` with onDestroy: "delete" and no other change, then the replacement.`,
  );
}

export const repository: ResourceDescriptor<"repository", RepositoryInputs, RepositoryOutputs> = defineResource({
  kind: "repository",
  type: "Repository",
  inputs: RepositoryInputs,
  fields: FIELDS,
  secretOutputs: SECRET_FIELDS,
  report: { label: "repository", key: ["name"], holder: "none" },
  id: (outputs: RepositoryOutputs) => outputs.repositoryUuid,

  check(news) {
    const result = checkInputs(RepositoryInputs, news);
    if (result.failures.length === 0) processMemo(checkedByProgram).add(inputsKey(result.inputs as Record<string, unknown>));
    return result;
  },

  diff(olds, news) {
    const id = olds.repositoryUuid;
    const differences = replaceOnlyDifferences(olds, news);
    const replacing = differences.length > 0 && news.allowReplace === true;
    if (differences.length > 0 && !replacing && processMemo(checkedByProgram).has(inputsKey(news))) throw replacementRefusal(olds.name, id, differences);
    if (replacing) refuseReplacementHoldingTheName(olds, news);
    const unknownPending = [...LIVE_REPLACE_ONLY, ...CREATION_ONLY].some((field) => news[field] === UNKNOWN);
    // Replace-only fields are compared in their own way (replaceOnlyDifferences) and replace only
    // when allowed; otherwise they show as an update, which update() refuses.
    return fieldDiff<RepositoryInputs>(providerSettings(olds), providerSettings(news), FIELDS, {
      replaces: replacing ? differences.map(({ field }) => field) : [],
      changed: differences.length > 0 || unknownPending,
    });
  },

  create: (context, inputs) => create(context, inputs),
  read: (context, id, props) => read(context, id, props),

  async update(_context, id, olds, news) {
    // diff lets only provider settings through as updates, unless it could not tell a plan from a
    // refresh or a value was unknown at preview: either way, a difference is refused here.
    const differences = replaceOnlyDifferences(olds, news);
    if (differences.length > 0) throw replacementRefusal(olds.name, id, differences);
    return { ...olds, ...providerSettings(news) };
  },

  async remove(context, id, props) {
    const onDestroy = props.onDestroy ?? "delete";
    if (onDestroy === "keep") return;
    if (onDestroy === "lock") return lock(context.client, props);
    // A replacement that keeps the name creates it again in this run: the name is free now.
    await context.client.call("deleteRepository", { params: { repository_uuid: id } }).catch(async (error: unknown) => {
      if (isNotFound(error)) await listingRemoves(context, props.projectId, id);
      throw error;
    });
    await listingRemoves(context, props.projectId, id);
  },

  importId: {
    format: "<repositoryUuid>",
    of: (outputs) => outputs.repositoryUuid,
    async locate(_context, importId) {
      if (!UUID32_PATTERN.test(importId)) throw new CodeArtsArgumentError("it is not a repository uuid (32 hexadecimal characters)");
      return { id: importId, props: {} };
    },
  },
});

export const provider = repository.provider;
