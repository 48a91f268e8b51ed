/**
 * Member: an IAM user's membership, with a role, in a CodeArts Repo repository.
 *
 * | operation | API |
 * |---|---|
 * | create | the V4 list below (already listed → refuse, or adopt with adoptExisting), POST /v1/repositories/{uuid}/members (§4.4.2), then the V4 list again to learn the member id |
 * | adopt  | the V4 list below and the v1 list (§4.4.1) for the role code; PUT the role only if it differs, then the list again |
 * | read   | GET /v4/repositories/{id}/members?offset=&limit=100 (v4 digest §5.2), all pages, filtered; coalesced, so N members of one repository cost one list walk per run. Absent or repository 404 → gone |
 * | update | role: PUT /v1/repositories/{uuid}/members/{member_id} (§4.4.3), then the V4 list; userName: no call (it is only sent when adding) |
 * | delete | DELETE /v1/repositories/{uuid}/members/{member_id} (§4.4.4); 404 → gone once the V4 list agrees |
 *
 * Why these calls: the V4 list names each member by the IAM user id the program gives
 * (`user_iam_id`) beside the numeric `user_id` the v1 role change and delete take (the SDK has no
 * V4 update or delete; digest Q17), so a member is found by the IAM user id whatever its name.
 * The v1 add stays: the V4 add takes `repository_role_Id`, whose values are not documented
 * (digest Q7), where the v1 add takes the documented 20/30/40. `memberId` is the V4 `user_id`:
 * both lists document it as the numeric user id (§4.4.1's example "5836"); if the two ever differed, a
 * delete answering 404 while the V4 list still shows the user fails loudly rather than leaving the
 * member behind.
 *
 * Role readback: the V4 list gives the role as `repository_role_Id`/`repository_role_name`, with
 * no documented mapping to 20/30/40 (digest Q7). So the provider records the role id the list
 * shows right after it set the role (output `roleId`), and names a live role by the first
 * evidence that names it ({@link nameLiveRole}): the role id recorded with a role (this member's;
 * in a drift report also any other member's of the repository), then the service's name for the
 * role when it is one the reference gives a code (§4.4.2: 20 浏览者/viewer, 30 普通成员/developer,
 * 40 管理员/administrator) — from the entry, or, for an entry that gives its role by id alone, from
 * the repository's role list (`GET /v4/repository/{id}/permissions/repository`, learned once per
 * run; that its ids are the member list's is what the field names say, not a document) — then the
 * v1 list's code (§4.4.1, one coalesced call per repository, made only when nothing else names
 * it). With no evidence the role reads `unknown(<service name>)`.
 *
 * Blind spots: `userName` is what the program said and is not re-read. The v1 list documents
 * only roles 30 and 40; 20 (reader) is read back there as the add call numbers it. A membership
 * inherited from a member group or a parent repository group shows in the V4 list too; a direct
 * membership is preferred when both are listed.
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsApiError, CodeArtsOperationError } from "../api/errors";
import { ProviderContext, slot } from "./runtime";
import { repositoryRoles } from "./protection-roles";
import { RepositoryIdentity } from "./validation";
import { describeCall } from "../api/routes";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import { ChildImport, Skipped, locateInRepository, refusal } from "./importing";
import {
  AddMemberOutcome,
  MEMBER_USER_ID_MAX,
  MEMBER_USER_ID_MIN,
  MemberRoleCode,
  RepositoryMemberV4,
} from "../wire/members";
import { outcomeUnknown } from "./recovery";
import { DiffFields, deleteUnlessGone, unlessGone } from "./lifecycle";

export type MemberRole = keyof typeof MemberRoleCode;

// A named shape: the declarations the package ships keep its doc comments, which the inferred
// type of z.object({...}) drops (and with them the docs a program author sees on MemberArgs).
const MemberShape = {
  ...RepositoryIdentity,
  /** The IAM user id (4–32 characters) of the user to add. Changing it replaces the membership. */
  userId: z
    .string()
    .min(MEMBER_USER_ID_MIN, `must be an IAM user id of ${MEMBER_USER_ID_MIN} to ${MEMBER_USER_ID_MAX} characters`)
    .max(MEMBER_USER_ID_MAX, `must be an IAM user id of ${MEMBER_USER_ID_MIN} to ${MEMBER_USER_ID_MAX} characters`)
    .regex(/^\S+$/, "must not contain spaces"),
  /** The user's name, sent when adding the member. Changing it needs no API call. */
  userName: z.string().min(1, "must be the user's name, not empty"),
  /** "reader" (20, read-only), "developer" (30) or "maintainer" (40, administrator). Changed in place. */
  role: z.enum(["reader", "developer", "maintainer"], { message: 'must be "reader", "developer" or "maintainer"' }),
  /**
   * If the user is already a member of the repository, manage that membership instead of failing
   * (and set its role to `role`). Deleting the resource then removes the member, unless it has
   * `retainOnDelete: true`.
   */
  adoptExisting: z.boolean().default(false),
};
export const MemberInputs: z.ZodObject<typeof MemberShape> = z.object(MemberShape);
export type MemberInputs = z.output<typeof MemberInputs>;

export interface MemberOutputs extends Omit<MemberInputs, "role"> {
  /** The live role: "reader", "developer", "maintainer", or "unknown(<name or code>)" for a role the provider cannot name. */
  role: MemberRole | `unknown(${string})`;
  /** The id the service lists the member by; role changes and removals address the member by it. */
  memberId: string;
  /** The service's id of the role (`repository_role_Id` in its V4 member list) as seen right after the provider last set `role`. */
  roleId?: string;
}

const FIELDS: DiffFields<MemberInputs> = {
  replace: ["repositoryUuid", "repositoryId", "userId"],
  update: ["role", "userName", "adoptExisting"],
  // Same user, same repository: the old membership must go before the new one can be added.
  naturalKey: ["repositoryUuid", "userId"],
};

export function roleName(code: number): MemberOutputs["role"] {
  const entry = Object.entries(MemberRoleCode).find(([, value]) => value === code);
  return entry ? (entry[0] as MemberRole) : `unknown(${code})`;
}

export function memberResourceId(repositoryUuid: string, userId: string): string {
  return `${repositoryUuid}/${userId}`;
}

/** Every member of the repository from the V4 list; each page read is shared by concurrent readers. */
export function listMembers(client: CodeArtsClient, repositoryId: number): Promise<RepositoryMemberV4[]> {
  return client.paginate("listMembersV4", { params: { repository_id: repositoryId } });
}

/** Every member from the v1 list (§4.4.1), for the role code where the V4 list cannot say it. */
export function listMembersV1(client: CodeArtsClient, repositoryUuid: string) {
  return client.paginate("listRepositoryMembers", { params: { repository_uuid: repositoryUuid } });
}

const direct = (member: RepositoryMemberV4) => !member.member_source && !member.member_group_source;

/** The user's entry, by IAM user id, else (a list without IAM ids) by the stored member id; a direct membership first. */
export function findMember(members: RepositoryMemberV4[], wanted: { userId: string; memberId?: string }): RepositoryMemberV4 | undefined {
  const matches = members.filter(
    (m) => m.user_iam_id === wanted.userId || (!m.user_iam_id && wanted.memberId !== undefined && String(m.user_id) === wanted.memberId),
  );
  return matches.find(direct) ?? matches[0];
}

/**
 * The names the service may give each role, lower-case: the reference's for the codes (§4.4.2
 * "20->浏览者, 30->普通成员, 40->管理员"; §4.4.3 "20 -> 只读成员") and the user guide's English
 * and Chinese role names for them. Matched whole, never by part.
 */
const ROLE_NAMES: Record<MemberRole, readonly string[]> = {
  reader: ["viewer", "浏览者", "只读成员", "read-only member", "reader"],
  developer: ["developer", "开发人员", "开发者", "普通成员"],
  maintainer: ["administrator", "repository administrator", "管理员", "仓库管理员", "maintainer"],
};

function roleOfName(name: string | null | undefined): MemberRole | undefined {
  const wanted = name?.trim().toLowerCase();
  if (!wanted) return undefined;
  return (Object.keys(ROLE_NAMES) as MemberRole[]).find((role) => ROLE_NAMES[role].includes(wanted));
}

const isRole = (value: unknown): value is MemberRole => typeof value === "string" && Object.hasOwn(MemberRoleCode, value);

/** What may name a live role, strongest first. */
export interface RoleEvidence {
  /** Roles the provider set with the role id the list showed right after: this member's, or any member's of the repository. */
  recorded?: readonly { role?: unknown; roleId?: unknown }[];
  /** The repository's role list, for an entry that names its role by id alone. */
  roles?: readonly { id: string; name: string }[];
  /** The member's code in the v1 list (§4.4.1), when it lists the member. */
  code?: number;
  /** Whether the v1 list was read: a refresh reads it when nothing else names a role; an unmanaged member costs no call. */
  v1Read?: boolean;
}

/**
 * The program's name of a live V4 role by the first evidence that names it (recorded role ids,
 * the service's role name, the v1 code), or undefined with why none does.
 */
export function nameLiveRole(live: { roleId?: string | null; roleName?: string | null }, evidence: RoleEvidence): { role: MemberRole } | { role: undefined; why: string } {
  const byId = live.roleId ? evidence.recorded?.find((entry) => entry.roleId === live.roleId && isRole(entry.role)) : undefined;
  if (byId) return { role: byId.role as MemberRole };
  const listedName = live.roleName || evidence.roles?.find((role) => role.id === live.roleId)?.name;
  const byName = roleOfName(listedName);
  if (byName) return { role: byName };
  const byCode = evidence.code === undefined ? undefined : roleName(evidence.code);
  if (byCode && isRole(byCode)) return { role: byCode };
  const what = listedName ? `"${listedName}"${live.roleId ? ` (role id ${live.roleId})` : ""}` : `role id ${live.roleId ?? "(none listed)"}`;
  const v1 =
    evidence.code !== undefined
      ? `the v1 member list gives the user code ${evidence.code}`
      : evidence.v1Read
        ? "the v1 member list does not list the user"
        : "the v1 member list, which numbers roles 20/30/40, was not read";
  return {
    role: undefined,
    why:
      `the service names the role ${what}; no member of this repository was set to a role with that id by this provider; ` +
      `the name is none the reference or the user guide gives reader (20), developer (30) or maintainer (40); and ${v1}`,
  };
}

/** The role as a refresh or a report shows it: a program role, else `unknown(<service name or id>)`. */
export function shownRole(live: RepositoryMemberV4, evidence: RoleEvidence): MemberOutputs["role"] {
  const named = nameLiveRole({ roleId: live.repository_role_Id, roleName: live.repository_role_name }, evidence);
  const listedName = live.repository_role_name || evidence.roles?.find((role) => role.id === live.repository_role_Id)?.name;
  return named.role ?? `unknown(${listedName || live.repository_role_Id || "?"})`;
}

async function liveOutputs(context: ProviderContext, recorded: Omit<MemberOutputs, "memberId">, live: RepositoryMemberV4): Promise<MemberOutputs> {
  const { client } = context;
  const memberId = String(live.user_id);
  const roleId = live.repository_role_Id ?? undefined;
  // An import knows no name yet: the list's is the one the program would declare.
  if (recorded.userName === undefined && live.user_name) recorded = { ...recorded, userName: live.user_name };
  let own: RoleEvidence = { recorded: [{ role: recorded.role, roleId: recorded.roleId }] };
  let free = nameLiveRole({ roleId, roleName: live.repository_role_name }, own);
  if (!free.role && roleId !== undefined && !live.repository_role_name) {
    // An id with no name: the repository's role list names it (the same list protections learn).
    own = { ...own, roles: (await repositoryRoles(context, recorded.repositoryId)).roles };
    free = nameLiveRole({ roleId, roleName: null }, own);
  }
  if (free.role) return { ...recorded, role: free.role, memberId, roleId };
  // Neither the recorded id nor the name says it: the v1 list (§4.4.1) numbers the role.
  const v1 = await client.find("listRepositoryMembers", { params: { repository_uuid: recorded.repositoryUuid } }, (m) => m.user_id === memberId);
  // Listed by V4 but not (yet) by v1, with no role id to compare: no evidence the role changed.
  if (!v1 && (roleId === undefined || recorded.roleId === undefined)) return { ...recorded, memberId, roleId };
  return { ...recorded, role: shownRole(live, { ...own, code: v1?.role, v1Read: true }), memberId, roleId };
}

/** Sets the role, then learns the role id the V4 list shows for it. */
async function setRole(client: CodeArtsClient, inputs: MemberInputs, memberId: string): Promise<MemberOutputs> {
  await client.call("setRepositoryMemberRole", {
    params: { repository_uuid: inputs.repositoryUuid, member_id: memberId },
    repository: { id: inputs.repositoryId },
    body: { role: MemberRoleCode[inputs.role] },
  });
  const live = findMember(await listMembers(client, inputs.repositoryId), { userId: inputs.userId, memberId });
  return { ...inputs, memberId: live ? String(live.user_id) : memberId, roleId: live?.repository_role_Id ?? undefined };
}

function alreadyMember(inputs: MemberInputs, live: RepositoryMemberV4): string {
  return (
    `User "${inputs.userName}" (${inputs.userId}) is already a member of repository ${inputs.repositoryUuid} ` +
    `with role ${live.repository_role_name ?? "(not listed)"}. Set adoptExisting: true to manage that membership with this program.`
  );
}

const addCall = (inputs: MemberInputs) => describeCall("addRepositoryMembers", { repository_uuid: inputs.repositoryUuid });

/** How long an add waits for the adds of other members of the same repository. */
export const MEMBER_ADD_WINDOW_MS = 40;

/** One user's answer from an add call: undefined when added; the refusal otherwise. */
type AddOutcome = AddMemberOutcome | undefined;

interface PendingAdd {
  inputs: MemberInputs;
  settle: (result: Promise<{ outcome: AddOutcome; members: RepositoryMemberV4[] }>) => void;
}

/** Member adds waiting to go out together, by repository uuid. */
const pendingAdds = slot(() => new Map<string, PendingAdd[]>());

/**
 * The add call takes a list of users (§4.4.2) and a program declares a repository's members
 * together, so the engine creates them together: adds of one repository that arrive within
 * MEMBER_ADD_WINDOW_MS go out as one add call, followed by one member-list read they share (the
 * list gives each the id later calls need). With the list read before (create), members cost 3
 * calls a batch instead of 3 each.
 */
function addTogether(context: ProviderContext, inputs: MemberInputs): Promise<{ outcome: AddOutcome; members: RepositoryMemberV4[] }> {
  const { client } = context;
  const repository = context.memo(pendingAdds);
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
  const { repositoryId } = batch[0].inputs;
  let outcomes: Map<PendingAdd, AddOutcome>;
  try {
    outcomes = await addUsers(client, batch[0].inputs, batch);
  } catch (error) {
    // One user the tenant lacks fails the whole call: add each alone, so each resource gets its own answer.
    if (batch.length > 1 && error instanceof CodeArtsApiError && error.httpStatus < 500) {
      for (const entry of batch) await sendBatch(client, [entry]);
      return;
    }
    for (const entry of batch) entry.settle(Promise.reject(error));
    return;
  }
  const members = listMembers(client, repositoryId);
  members.catch(() => undefined); // each entry sees the rejection through its own promise
  for (const entry of batch) entry.settle(members.then((list) => ({ outcome: outcomes.get(entry), members: list })));
}

/**
 * One add call for the batch's users. An answer lost to the network or a 5xx may still have taken
 * effect, so before trying again, the list says who was added; only the others are sent again.
 * A listed user counts as added because none was listed just before (create looked): the
 * remaining risk is someone else adding the same user in between, which this would adopt.
 */
async function addUsers(client: CodeArtsClient, { repositoryUuid, repositoryId }: MemberInputs, batch: PendingAdd[]): Promise<Map<PendingAdd, AddOutcome>> {
  const outcomes = new Map<PendingAdd, AddOutcome>(batch.map((entry) => [entry, undefined]));
  let waiting = batch;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.call("addRepositoryMembers", {
        params: { repository_uuid: repositoryUuid },
        repository: { id: repositoryId },
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
      const members = await listMembers(client, repositoryId);
      waiting = waiting.filter(({ inputs }) => !findMember(members, inputs));
      if (waiting.length === 0) return outcomes;
    }
  }
}

/**
 * Adds the user (with the other members of its repository being added now) and returns it as
 * the member list read after the add shows it. A per-user refusal inside a successful call
 * becomes an error; one for an existing member says how to adopt.
 */
async function addMember(context: ProviderContext, inputs: MemberInputs): Promise<RepositoryMemberV4> {
  const { outcome, members } = await addTogether(context, inputs);
  const listed = findMember(members, inputs);
  if (outcome) {
    const cause = `the service answered status "${outcome.status}": ${outcome.message ?? "no message"}`;
    if (listed) throw new CodeArtsOperationError(`${alreadyMember(inputs, listed)} (${cause})`, addCall(inputs));
    throw new CodeArtsOperationError(
      `CodeArts Repo did not add user "${inputs.userName}" (${inputs.userId}) to repository ${inputs.repositoryUuid}: ${cause}`,
      addCall(inputs),
    );
  }
  if (!listed) {
    throw new CodeArtsOperationError(
      `CodeArts Repo accepted user "${inputs.userName}" (${inputs.userId}) as a member of repository ${inputs.repositoryUuid}, but does not list it; run \`pulumi refresh\` later.`,
      describeCall("listMembersV4", { repository_id: inputs.repositoryId }),
    );
  }
  return listed;
}

/**
 * Removes a membership by the v1 member id (the V4 list's numeric `user_id`), for the resource's
 * delete and for `codeartsrepo prune`. `userId` is the IAM user id, when the list gave one.
 */
async function removeMember(
  client: CodeArtsClient,
  member: { repositoryId: number; repositoryUuid: string; memberId: string; userId?: string },
): Promise<"deleted" | "gone"> {
  const call = { repository_uuid: member.repositoryUuid, member_id: member.memberId };
  const outcome = await deleteUnlessGone(() => client.call("deleteRepositoryMember", { params: call, repository: { id: member.repositoryId } }));
  if (outcome === "deleted") return outcome;
  // 404 names no culprit: the repository, or a member id the service does not know. Only the
  // list can tell "already gone" from "still there under another id".
  const members = await unlessGone(() => listMembers(client, member.repositoryId));
  const still = members && (member.userId !== undefined ? findMember(members, { userId: member.userId }) : members.find((listed) => String(listed.user_id) === member.memberId));
  if (still && direct(still)) {
    const who = member.userId !== undefined ? `user ${member.userId}` : "the user";
    throw new CodeArtsOperationError(
      `CodeArts Repo answered 404 to removing member ${member.memberId} from repository ${member.repositoryUuid}, ` +
        `but still lists ${who} as member ${still.user_id}; run \`pulumi refresh\` and delete again.`,
      describeCall("deleteRepositoryMember", call),
    );
  }
  return "gone";
}

/** A membership as `codeartsrepo import` declares it. */
export interface ImportedMember {
  /** The IAM user id the Member resource takes. */
  userId: string;
  userName: string;
  role: MemberRole;
}

/**
 * A repository's direct members, by name: the V4 list gives the IAM id a program declares, the
 * v1 list the role as a program sets it. A membership inherited from a group is managed there.
 */
const importer: ChildImport<"members", ImportedMember> = {
  field: "members",
  order: 30,
  count: ["member", "members"],
  async read(repository) {
    const [membersV4, membersV1] = await Promise.all([
      repository.list("listMembersV4"),
      repository.once("listRepositoryMembers", () => listMembersV1(repository.client, repository.uuid)),
    ]);
    const items: ImportedMember[] = [];
    const skipped: Skipped[] = [];
    for (const member of membersV4) {
      const name = member.user_name ?? member.user_iam_id ?? String(member.user_id);
      const v1 = membersV1.find((candidate) => candidate.user_id === String(member.user_id));
      const role = v1 ? roleName(v1.role) : undefined;
      const inherited = member.member_source || member.member_group_source;
      const inputs = { repositoryId: repository.id, repositoryUuid: repository.uuid, userId: member.user_iam_id ?? "", userName: member.user_name ?? v1?.name ?? "", role };
      const why = inherited
        ? `the membership comes from ${member.member_source ? `member group "${member.member_source}"` : `repository group "${member.member_group_source}"`}: manage it there`
        : !member.user_iam_id
          ? "the member list gives no IAM user id, which a Member resource is declared by"
          : !v1
            ? "the v1 member list, the one that gives the role as a program sets it, does not list the user"
            : role!.startsWith("unknown")
              ? `its role code ${v1.role} is none of reader (20), developer (30), maintainer (40)`
              : refusal(MemberInputs, inputs);
      if (why) skipped.push({ what: `member "${name}"`, why });
      else items.push({ userId: inputs.userId, userName: inputs.userName, role: role as MemberRole });
    }
    items.sort((a, b) => a.userName.localeCompare(b.userName) || a.userId.localeCompare(b.userId));
    return { items, skipped };
  },
  name: { prefix: "member", base: (item) => item.userName },
  declare: (item) => ({ fields: { userId: item.userId, userName: item.userName, role: item.role } }),
  managedId: (item, repository) => memberResourceId(repository.uuid, item.userId),
};

export const member: ResourceDescriptor<"member", MemberInputs, MemberOutputs, typeof importer> = defineResource({
  kind: "member",
  type: "Member",
  inputs: MemberInputs,
  fields: FIELDS,
  report: {
    label: "member",
    key: ["userName", "userId"],
    unmanaged: unmanagedIn("listMembersV4", {
      declaredId: (outputs) => String(outputs.userId),
      liveId: (listed) => listed.user_iam_id ?? `user ${listed.user_id}`,
      // The creator's membership and one inherited from a member group or parent group are the
      // service's (or managed there), not someone's console change.
      madeByService: (listed) => listed.is_repo_creator === 1 || !!listed.member_source || !!listed.member_group_source,
      describe: (listed, declared) => {
        const name = listed.user_name ?? String(listed.user_id);
        const named = nameLiveRole({ roleId: listed.repository_role_Id, roleName: listed.repository_role_name }, { recorded: declared });
        return {
          name,
          properties: { userName: name },
          fields: { userId: listed.user_iam_id, role: shownRole(listed, { recorded: declared }) },
          notes: named.role ? undefined : { role: named.why },
        };
      },
      remove: (client, listed, where) => removeMember(client, { ...where, memberId: String(listed.user_id), userId: listed.user_iam_id ?? undefined }),
    }),
    // A refresh names what this member's own record, the service's name and the v1 list can; the
    // stack's other members of the repository may name an id none of those did.
    liveInProgramWords(field, live, declared) {
      if (field !== "role" || typeof live.role !== "string" || !live.role.startsWith("unknown(")) return undefined;
      const roleName = live.role.slice("unknown(".length, -1);
      const named = nameLiveRole({ roleId: live.roleId as string | undefined, roleName }, { recorded: declared, v1Read: true });
      return named.role ? { value: named.role } : { value: live.role, note: named.why };
    },
  },
  importer,
  id: (outputs: MemberOutputs) => memberResourceId(outputs.repositoryUuid, outputs.userId),

  // Who is a member before the add decides, not the list after it: after an add whose outcome is
  // unknown, a listed user counts as added (addUsers), which is only true of users this look did
  // not find. The read is coalesced, so the members of one repository created together share it
  // (and adopting ones cost nothing more).
  create: {
    find: async ({ client }, inputs) => findMember(await listMembers(client, inputs.repositoryId), inputs),
    conflict: (inputs, found: RepositoryMemberV4) => alreadyMember(inputs, found),
    async adopt({ client }, inputs, existing) {
      const memberId = String(existing.user_id);
      // Only the v1 list numbers the role as the PUT does: a member already in the program's role
      // is adopted without a write (so importing a project changes nothing); any other is set.
      const listed = (await listMembersV1(client, inputs.repositoryUuid)).find((candidate) => candidate.user_id === memberId);
      if (listed && roleName(listed.role) === inputs.role) return { ...inputs, memberId, roleId: existing.repository_role_Id ?? undefined };
      return setRole(client, inputs, memberId);
    },
    // The batch recovers a lost answer itself (addUsers), so there is no `recovered` step.
    call: (context: ProviderContext, inputs: MemberInputs) => addMember(context, inputs),
    created: (inputs, added) => ({ ...inputs, memberId: String(added.user_id), roleId: added.repository_role_Id ?? undefined }),
    routes: { find: "listMembersV4", create: "addRepositoryMembers", params: (inputs) => ({ repository_id: inputs.repositoryId, repository_uuid: inputs.repositoryUuid }) },
  },

  async read(context, _id, props) {
    const live = findMember(await listMembers(context.client, props.repositoryId), props);
    return live && liveOutputs(context, props, live);
  },

  async update({ client }, _id, olds, news) {
    if (olds.role !== news.role) return setRole(client, news, olds.memberId);
    return { ...news, memberId: olds.memberId, roleId: olds.roleId };
  },

  importId: {
    format: "<repository>/<userId>",
    of: (outputs) => memberResourceId(outputs.repositoryUuid, outputs.userId),
    async locate({ client }, importId) {
      const { rest: userId, ...repository } = await locateInRepository(client, importId);
      return { id: memberResourceId(repository.repositoryUuid, userId), props: { ...repository, userId } };
    },
  },

  remove: ({ client }, _id, props) => removeMember(client, props),
});

export const provider = member.provider;
