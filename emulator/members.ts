/**
 * Repository member calls (§4.4.1–§4.4.4) and the V4 member list (v4 digest §5.2). A member's
 * `user_id` in the v1 list is the user's numeric id, as in §4.4.1's example ("5836"), not the
 * 32-character IAM id an add takes; the role change and delete calls address members by that
 * `user_id`. So a client must find its member in a list to learn the id the other calls need. The
 * V4 list gives the same numeric `user_id` (an integer there) with the IAM id (`user_iam_id`).
 *
 * The V4 role ids (`repository_role_Id`) and names have no documented values (digest Q7): the
 * emulator answers opaque ids unlike the v1 codes, so that a client cannot come to rely on a
 * mapping the service never promised. The emulator does not model permission points: it accepts
 * `permission`/`action` and answers `action_enabled: null`.
 *
 * Not documented, so the emulator's choice: adding a user the tenant lacks fails the whole call
 * with 400 CH.010001; adding an existing member answers 200 with that user's outcome
 * `status: "failed"` (the call is a batch that reports per user).
 */
import { z } from "zod";
import { RepositoryMember, RepositoryMemberV4 } from "../wire/members";
import { ControlHandler, Handlers, Reply, faults, repositoryV4 } from "./server";
import { MemberRecord, Repository, SeedUser, World } from "./state";

type MemberHandlers = Pick<Handlers, "listMembersV4" | "listRepositoryMembers" | "addRepositoryMembers" | "setRepositoryMemberRole" | "deleteRepositoryMember">;

/** The repository's members; data files from before members get the creator as maintainer. */
export function membersOf(repo: Repository): MemberRecord[] {
  repo.members ??= [{ userId: repo.creatorId, role: 40 }];
  return repo.members;
}

/** The documented default page size is not given; 20 is the service's usual. */
const DEFAULT_PAGE_SIZE = 20;

/** The emulator's V4 role of each v1 role code: opaque ids, names from the user guide's roles. */
const V4_ROLES: Record<number, { id: string; name: string }> = {
  20: { id: "7d1c40a2e5f84b0e9a3c6f21b8d5e913", name: "Viewer" },
  30: { id: "c2f98e4b1a6d4f7c8e05b3a9d1f6e274", name: "Developer" },
  40: { id: "5a0e7b3c9d2f4e18b6c4a1f08e7d3b65", name: "Administrator" },
};

export function memberHandlers(world: World): MemberHandlers {
  const byUuid = (uuid: string): Repository => {
    const repo = world.repositoryByUuid(uuid);
    if (!repo) throw faults.notFound(`Repository ${uuid} does not exist`);
    return repo;
  };
  const listed = (member: MemberRecord): RepositoryMember => {
    const user = world.userById(member.userId);
    return {
      user_id: String(user?.numericId ?? member.userId),
      name: user?.name ?? null,
      role: member.role,
      domain_id: world.seed.domain.id,
      domain_name: world.seed.domain.name,
      email: null,
      description: null,
      enabled: null,
    };
  };
  const listedV4 = (repo: Repository, member: MemberRecord): RepositoryMemberV4 => {
    const user = world.userById(member.userId);
    const role = repo.memberRoles?.[String(member.role)] ?? V4_ROLES[member.role];
    return {
      user_id: user?.numericId ?? 0,
      user_iam_id: member.userId,
      user_name: user?.name ?? null,
      user_nick_name: user?.name ?? null,
      tenant_name: world.seed.domain.name,
      tenant_id: world.seed.domain.id,
      is_repo_creator: member.userId === repo.creatorId ? 1 : 0,
      is_group_creator: 0,
      is_Project_admin: 0,
      project_role_name: null,
      repository_role_name: role?.name ?? null,
      repository_role_Id: role?.id ?? null,
      member_source: null,
      member_group_source: null,
      member_source_id: null,
      service_license_status: 1,
      action_enabled: null,
    };
  };
  /** The member a role change or delete names by its listed user_id. */
  const memberById = (repo: Repository, memberId: string): MemberRecord => {
    const member = membersOf(repo).find((m) => listed(m).user_id === memberId);
    if (!member) throw faults.notFound(`Member ${memberId} is not a member of repository ${repo.uuid}`);
    return member;
  };

  return {
    listMembersV4({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const search = query.search?.toLowerCase();
      const all = membersOf(repo).map((member) => listedV4(repo, member));
      const matching = search
        ? all.filter((m) => [m.user_name, m.user_nick_name, m.tenant_name].some((text) => (text ?? "").toLowerCase().includes(search)))
        : all;
      const offset = query.offset ?? 0;
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      return new Reply(matching.slice(offset, offset + limit), undefined, { "X-Total": String(matching.length) });
    },

    listRepositoryMembers({ params, query }) {
      const repo = byUuid(params.repository_uuid);
      const subject = query.subject?.toLowerCase();
      const all = membersOf(repo).map(listed);
      const matching = subject ? all.filter((m) => (m.name ?? "").toLowerCase().includes(subject)) : all;
      const size = query.page_size ?? DEFAULT_PAGE_SIZE;
      const start = ((query.page_index ?? 1) - 1) * size;
      return { total: matching.length, users: matching.slice(start, start + size) };
    },

    addRepositoryMembers({ params, body }) {
      const repo = byUuid(params.repository_uuid);
      const users: SeedUser[] = body.users.map((wanted) => {
        const user = world.userById(wanted.id);
        if (!user) throw faults.invalid(`Param invalid: user ${wanted.id} does not exist in tenant ${world.seed.domain.name}`);
        return user;
      });
      const outcomes = body.users.map((wanted, i) => {
        const user = users[i];
        if (membersOf(repo).some((m) => m.userId === user.id)) {
          return { id: user.id, name: user.name, message: "The user is already a member of this repository", status: "failed" };
        }
        membersOf(repo).push({ userId: user.id, role: wanted.role });
        return { id: user.id, name: user.name, message: "add user success", status: "success" };
      });
      world.save();
      return outcomes;
    },

    setRepositoryMemberRole({ params, body }) {
      const member = memberById(byUuid(params.repository_uuid), params.member_id);
      member.role = body.role;
      world.save();
      return {};
    },

    deleteRepositoryMember({ params }) {
      const repo = byUuid(params.repository_uuid);
      const member = memberById(repo, params.member_id);
      repo.members = membersOf(repo).filter((m) => m !== member);
      world.save();
      return {};
    },
  };
}

const MemberRolesControl = z.object({
  repositoryId: z.number().int(),
  /** By v1 code ("20", "30", "40"): the V4 role id and name the member list shows; null: the standard ones. */
  // name null: the list gives the role by id alone.
  roles: z.partialRecord(z.enum(["20", "30", "40"]), z.object({ id: z.string().min(1).optional(), name: z.string().min(1).nullable().optional() })).nullable(),
});

/**
 * `PUT /__emulator/member-roles {repositoryId, roles}`: what the V4 member list calls each code's
 * role in one repository, as in a tenant whose roles are renamed or custom (the reference
 * documents neither the ids nor the names, digest Q7). An id or name left out stays standard.
 */
export function memberControls(world: World): Record<string, ControlHandler> {
  return {
    "member-roles": ({ method, body }) => {
      if (method !== "PUT") throw new Error("use PUT with { repositoryId, roles: { \"40\": { id?, name? } } | null }");
      const request = MemberRolesControl.parse(body);
      const repo = world.repositoryById(request.repositoryId);
      if (!repo) throw new Error(`no repository ${request.repositoryId}`);
      repo.memberRoles =
        request.roles === null
          ? undefined
          : Object.fromEntries(Object.entries(request.roles).map(([code, role]) => [code, { ...V4_ROLES[Number(code)], ...role }]));
      world.save();
      return { memberRoles: repo.memberRoles ?? null };
    },
  };
}
