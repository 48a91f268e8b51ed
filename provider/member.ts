/**
 * Member: an IAM user's membership, with a role, in a CodeArts Repo repository.
 *
 * | operation | API |
 * |---|---|
 * | create | POST /v1/repositories/{uuid}/members (§4.4.2), then the list below to learn the member id |
 * | adopt  | the list below; PUT the role if it differs from the program's |
 * | read   | GET /v1/repositories/{uuid}/members?page_index=&page_size=100 (§4.4.1), all pages, filtered; coalesced, so N members of one repository cost one list walk per run. Absent or repository 404 → gone |
 * | update | role: PUT /v1/repositories/{uuid}/members/{member_id} (§4.4.3); userName: no call (it is only sent when adding) |
 * | delete | DELETE /v1/repositories/{uuid}/members/{member_id} (§4.4.4); 404 → already gone |
 *
 * Identity: the add call takes the IAM user id, but the list may name members by another id (its
 * example shows "5836" where the add takes 32 hex characters), and the role change and delete
 * take the listed `user_id`. So a member is found in the list by that listed id once known
 * (output `memberId`), else by the IAM user id, else by user name.
 *
 * Blind spots: the list returns no IAM user id when it lists numeric ids, so a user renamed in IAM
 * is matched by the stored `memberId`; `userName` is what the program said and is not re-read.
 * The list documents only roles 30 and 40; 20 (reader) is read back as the add call numbers it.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsClient } from "./client";
import { CodeArtsApiError, CodeArtsOperationError, isNotFound } from "./errors";
import { apiClient, configure, defineProvider } from "./runtime";
import { RepositoryIdentity, changedFields, checkInputs } from "./validation";
import { AddMemberOutcome, MEMBER_USER_ID_MAX, MEMBER_USER_ID_MIN, MemberRoleCode, RepositoryMember } from "./wire-members";
import { outcomeUnknown } from "./recovery";

export type MemberRole = keyof typeof MemberRoleCode;

export const MemberInputs = z.object({
  ...RepositoryIdentity,
  userId: z
    .string()
    .min(MEMBER_USER_ID_MIN, `must be an IAM user id of ${MEMBER_USER_ID_MIN} to ${MEMBER_USER_ID_MAX} characters`)
    .max(MEMBER_USER_ID_MAX, `must be an IAM user id of ${MEMBER_USER_ID_MIN} to ${MEMBER_USER_ID_MAX} characters`)
    .regex(/^\S+$/, "must not contain spaces"),
  userName: z.string().min(1, "must be the user's name, not empty"),
  role: z.enum(["reader", "developer", "maintainer"], { message: 'must be "reader", "developer" or "maintainer"' }),
  adoptExisting: z.boolean().default(false),
});
export type MemberInputs = z.output<typeof MemberInputs>;

export interface MemberOutputs extends Omit<MemberInputs, "role"> {
  /** The live role; "unknown(<code>)" for a code this provider does not know. */
  role: MemberRole | `unknown(${number})`;
  /** The id the service lists the member by, which role changes and deletes take. */
  memberId: string;
}

/** The largest page the member list is asked for (the doc names no maximum). */
export const MEMBER_PAGE_SIZE = 100;

const REPLACE_ON_CHANGE = ["repositoryUuid", "repositoryId", "userId"] as const satisfies readonly (keyof MemberInputs)[];

function roleName(code: number): MemberOutputs["role"] {
  const entry = Object.entries(MemberRoleCode).find(([, value]) => value === code);
  return entry ? (entry[0] as MemberRole) : `unknown(${code})`;
}

export function memberResourceId(repositoryUuid: string, userId: string): string {
  return `${repositoryUuid}/${userId}`;
}

/** Every member of the repository, walking the pages; each page read is shared by concurrent readers. */
export async function listMembers(client: CodeArtsClient, repositoryUuid: string): Promise<RepositoryMember[]> {
  const members: RepositoryMember[] = [];
  for (let page = 1; ; page++) {
    const list = await client.call("listRepositoryMembers", {
      params: { repository_uuid: repositoryUuid },
      query: { page_index: page, page_size: MEMBER_PAGE_SIZE },
    });
    members.push(...list.users);
    if (list.users.length === 0 || page * MEMBER_PAGE_SIZE >= list.total) return members;
  }
}

function findMember(members: RepositoryMember[], wanted: { userId: string; userName: string; memberId?: string }): RepositoryMember | undefined {
  return (
    (wanted.memberId === undefined ? undefined : members.find((m) => m.user_id === wanted.memberId)) ??
    members.find((m) => m.user_id === wanted.userId) ??
    members.find((m) => m.name === wanted.userName)
  );
}

function toOutputs(state: Omit<MemberOutputs, "memberId">, live: RepositoryMember): MemberOutputs {
  return { ...state, role: roleName(live.role), memberId: live.user_id };
}

async function setRole(client: CodeArtsClient, repositoryUuid: string, memberId: string, role: MemberRole): Promise<void> {
  await client.call("setRepositoryMemberRole", {
    params: { repository_uuid: repositoryUuid, member_id: memberId },
    body: { role: MemberRoleCode[role] },
  });
}

function alreadyMember(inputs: MemberInputs, live: RepositoryMember, cause: string): CodeArtsOperationError {
  return new CodeArtsOperationError(
    `User "${inputs.userName}" (${inputs.userId}) is already a member of repository ${inputs.repositoryUuid} ` +
      `with role ${roleName(live.role)}. Set adoptExisting: true to manage that membership with this program. (${cause})`,
    `POST /v1/repositories/${inputs.repositoryUuid}/members`,
  );
}

/** How long an add waits for the adds of other members of the same repository. */
export const MEMBER_ADD_WINDOW_MS = 40;

/** One user's answer from an add call: undefined when added; the refusal otherwise. */
type AddOutcome = AddMemberOutcome | undefined;

interface PendingAdd {
  inputs: MemberInputs;
  settle: (result: Promise<{ outcome: AddOutcome; members: RepositoryMember[] }>) => void;
}

/** Adds waiting to go out together, per client and repository. */
const pendingAdds = new WeakMap<CodeArtsClient, Map<string, PendingAdd[]>>();

/**
 * The add call takes a list of users (§4.4.2) and a program declares a repository's members
 * together, so the engine creates them together: adds of one repository that arrive within
 * MEMBER_ADD_WINDOW_MS go out as one add call, followed by one member-list read they share (the
 * list gives each the id later calls need). Members cost 2 calls a batch instead of 2 each.
 */
function addTogether(client: CodeArtsClient, inputs: MemberInputs): Promise<{ outcome: AddOutcome; members: RepositoryMember[] }> {
  let byRepository = pendingAdds.get(client);
  if (!byRepository) pendingAdds.set(client, (byRepository = new Map()));
  const repository = byRepository;
  return new Promise((resolve) => {
    const pending = repository.get(inputs.repositoryUuid);
    const entry: PendingAdd = { inputs, settle: resolve };
    if (pending) return void pending.push(entry);
    repository.set(inputs.repositoryUuid, [entry]);
    setTimeout(() => {
      const batch = repository.get(inputs.repositoryUuid)!;
      repository.delete(inputs.repositoryUuid);
      void sendBatch(client, batch);
    }, MEMBER_ADD_WINDOW_MS);
  });
}

async function sendBatch(client: CodeArtsClient, batch: PendingAdd[]): Promise<void> {
  const repositoryUuid = batch[0].inputs.repositoryUuid;
  let outcomes: Map<PendingAdd, AddOutcome>;
  try {
    outcomes = await addUsers(client, repositoryUuid, batch);
  } catch (error) {
    // One user the tenant lacks fails the whole call: add each alone, so each resource gets its own answer.
    if (batch.length > 1 && error instanceof CodeArtsApiError && error.httpStatus < 500) {
      for (const entry of batch) await sendBatch(client, [entry]);
      return;
    }
    for (const entry of batch) entry.settle(Promise.reject(error));
    return;
  }
  const members = listMembers(client, repositoryUuid);
  members.catch(() => undefined); // each entry sees the rejection through its own promise
  for (const entry of batch) entry.settle(members.then((list) => ({ outcome: outcomes.get(entry), members: list })));
}

/**
 * One add call for the batch's users. An answer lost to the network or a 5xx may still have taken
 * effect, so before trying again, the list says who was added; only the others are sent again.
 */
async function addUsers(client: CodeArtsClient, repositoryUuid: string, batch: PendingAdd[]): Promise<Map<PendingAdd, AddOutcome>> {
  const outcomes = new Map<PendingAdd, AddOutcome>(batch.map((entry) => [entry, undefined]));
  let waiting = batch;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.call("addRepositoryMembers", {
        params: { repository_uuid: repositoryUuid },
        body: { users: waiting.map(({ inputs }) => ({ id: inputs.userId, name: inputs.userName, role: MemberRoleCode[inputs.role] })) },
      });
      const answers = Array.isArray(result) ? result : [result];
      waiting.forEach((entry, i) => {
        const answer = answers.find((a) => a.id === entry.inputs.userId) ?? (answers.length === waiting.length ? answers[i] : undefined);
        if (answer && answer.status !== undefined && answer.status !== null && answer.status !== "success") outcomes.set(entry, answer);
      });
      return outcomes;
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= 4) throw error;
      const members = await listMembers(client, repositoryUuid);
      waiting = waiting.filter(({ inputs }) => !findMember(members, inputs));
      if (waiting.length === 0) return outcomes;
    }
  }
}

/**
 * Adds the user (with the other members of its repository being added now) and returns the
 * member list read after the add. A refusal for an existing member becomes a message that says
 * how to adopt.
 */
async function addMember(client: CodeArtsClient, inputs: MemberInputs): Promise<RepositoryMember[]> {
  let added: { outcome: AddOutcome; members: RepositoryMember[] };
  try {
    added = await addTogether(client, inputs);
  } catch (error) {
    if (!(error instanceof CodeArtsApiError) || error.httpStatus >= 500 || error.isNotFound) throw error;
    const existing = findMember(await listMembers(client, inputs.repositoryUuid).catch(() => []), inputs);
    if (existing) throw alreadyMember(inputs, existing, error.message);
    throw error;
  }
  const { outcome, members } = added;
  if (!outcome) return members;
  const cause = `the service answered status "${outcome.status}": ${outcome.message ?? "no message"}`;
  const existing = findMember(members, inputs);
  if (existing) throw alreadyMember(inputs, existing, cause);
  throw new CodeArtsOperationError(
    `CodeArts Repo did not add user "${inputs.userName}" (${inputs.userId}) to repository ${inputs.repositoryUuid}: ${cause}`,
    `POST /v1/repositories/${inputs.repositoryUuid}/members`,
  );
}

export const provider = defineProvider({
  configure,

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    return checkInputs(MemberInputs, news);
  },

  async diff(_id: string, olds: MemberOutputs, news: MemberInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = changedFields(olds, news, REPLACE_ON_CHANGE);
    const changes = replaces.length > 0 || changedFields(olds, news, ["role", "userName", "adoptExisting"]).length > 0;
    // Same user, same repository: the old membership must go before the new one can be added.
    const keepsNaturalKey = !replaces.includes("repositoryUuid") && !replaces.includes("userId");
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 && keepsNaturalKey };
  },

  async create(inputs: MemberInputs): Promise<pulumi.dynamic.CreateResult<MemberOutputs>> {
    const client = apiClient();
    const id = memberResourceId(inputs.repositoryUuid, inputs.userId);
    if (inputs.adoptExisting) {
      const existing = findMember(await listMembers(client, inputs.repositoryUuid), inputs);
      if (existing) {
        if (existing.role !== MemberRoleCode[inputs.role]) await setRole(client, inputs.repositoryUuid, existing.user_id, inputs.role);
        return { id, outs: { ...inputs, memberId: existing.user_id } };
      }
    }
    const added = findMember(await addMember(client, inputs), inputs);
    if (!added) {
      throw new CodeArtsOperationError(
        `CodeArts Repo accepted user "${inputs.userName}" (${inputs.userId}) as a member of repository ${inputs.repositoryUuid}, but does not list it; run \`pulumi refresh\` later.`,
        `GET /v1/repositories/${inputs.repositoryUuid}/members`,
      );
    }
    return { id, outs: toOutputs(inputs, added) };
  },

  async read(id: string, props: MemberOutputs): Promise<pulumi.dynamic.ReadResult<MemberOutputs>> {
    try {
      const live = findMember(await listMembers(apiClient(), props.repositoryUuid), props);
      return live ? { id, props: toOutputs(props, live) } : {};
    } catch (error) {
      if (isNotFound(error)) return {};
      throw error;
    }
  },

  async update(_id: string, olds: MemberOutputs, news: MemberInputs): Promise<pulumi.dynamic.UpdateResult<MemberOutputs>> {
    if (olds.role !== news.role) await setRole(apiClient(), news.repositoryUuid, olds.memberId, news.role);
    return { outs: { ...news, memberId: olds.memberId } };
  },

  async delete(_id: string, props: MemberOutputs): Promise<void> {
    try {
      await apiClient().call("deleteRepositoryMember", {
        params: { repository_uuid: props.repositoryUuid, member_id: props.memberId },
      });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
});
