/**
 * Repository member calls (§4.4.1–§4.4.4). A member's `user_id` in the list is the user's numeric
 * id, as in §4.4.1's example ("5836"), not the 32-character IAM id an add takes; the role change
 * and delete calls address members by that `user_id`. So a client must find its member in the
 * list to learn the id the other calls need.
 *
 * Not documented, so the emulator's choice: adding a user the tenant lacks fails the whole call
 * with 400 CH.010001; adding an existing member answers 200 with that user's outcome
 * `status: "failed"` (the call is a batch that reports per user).
 */
import { RepositoryMember } from "../provider/wire-members";
import { Handlers, faults } from "./server";
import { MemberRecord, Repository, SeedUser, World } from "./state";

type MemberHandlers = Pick<Handlers, "listRepositoryMembers" | "addRepositoryMembers" | "setRepositoryMemberRole" | "deleteRepositoryMember">;

/** The repository's members; data files from before members get the creator as maintainer. */
export function membersOf(repo: Repository): MemberRecord[] {
  repo.members ??= [{ userId: repo.creatorId, role: 40 }];
  return repo.members;
}

/** The documented default page size is not given; 20 is the service's usual. */
const DEFAULT_PAGE_SIZE = 20;

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
  /** The member a role change or delete names by its listed user_id. */
  const memberById = (repo: Repository, memberId: string): MemberRecord => {
    const member = membersOf(repo).find((m) => listed(m).user_id === memberId);
    if (!member) throw faults.notFound(`Member ${memberId} is not a member of repository ${repo.uuid}`);
    return member;
  };

  return {
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
