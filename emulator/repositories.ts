/** Repository calls (§4.2.9, §4.2.18, §4.2.19, §4.2.22, §4.3.1, §4.3.4, §4.9.3; V4 digest §1.4). */
import { RepoInfoV2, RepositoryStatus, RepositoryV4 } from "../wire";
import { initialCommit } from "./commits";
import { ErrorCodes, ErrorMessages } from "../wire";
import { Fault, Handlers, Reply, faults, repositoryV4 } from "./server";
import { Repository, World, randomHex, serviceTime } from "./state";

export interface RepositorySettings {
  /** How long a new repository stays in status 1 (creating). */
  creationDelayMs: number;
  /**
   * When set, a new repository is "creating" for this many answers that carry its status (the v2
   * read and the /status call), then created, however long that takes: tests then depend on the
   * number of polls, not on when they land. Replaces creationDelayMs for new repositories.
   */
  creatingStatusAnswers?: number;
  /** Repositories whose name matches end in status 2 (creation failed). */
  failCreationPattern?: RegExp;
  /** Answer the v2 read with `status: null`, as §4.2.22's example does, leaving the /status call to tell. */
  statusNullInRead?: boolean;
  /**
   * The status a repository reports once created. Default 0; the reference's own examples
   * (§5.1, §5.3) show an undocumented 5 on working repositories.
   */
  createdStatus?: number;
  /**
   * How many reads of a new repository (v2 and V4) answer 401 CH.080401 before it becomes readable:
   * the Huawei Cloud Terraform provider cannot read a repository right after it became ACTIVE.
   */
  unreadableReadsAfterCreate?: number;
  /**
   * What those reads answer: 401 CH.080401 (default) or the route's own 404, as for a repository
   * that does not exist — a service whose reads lag its writes answers either.
   */
  unreadableReadsAnswer?: 401 | 404;
  /**
   * Answer a v2 read of a repository that does not exist with 401 CH.080401 "No Permission"
   * instead of 404, as the Terraform provider observes for deleted repositories.
   */
  deletedReadAnswers401?: boolean;
}

/** The 401 the service gives for a repository the caller cannot see, deleted ones included. */
const noPermission = () => new Fault(401, ErrorCodes.noPermission, "No Permission");

/** V4 `visibility` of a v2 `visibility_level` (0 private, 10 internal, 20 public; BasicRepositoryDto). */
export const VISIBILITY_NAMES: Record<number, string> = { 0: "private", 10: "internal", 20: "public" };

type RepositoryHandlers = Pick<
  Handlers,
  | "createRepository"
  | "showRepositoryStatus"
  | "showRepository"
  | "showRepositoryV4"
  | "deleteRepository"
  | "lockRepository"
  | "listTenantRepositories"
  | "listUserRepositories"
  | "listProjectRepositories"
  | "validateRepositoryName"
>;

export function statusOf(repo: Repository, now = Date.now()): number {
  if (now < repo.readyAt || (repo.creatingStatusAnswers ?? 0) > 0) return RepositoryStatus.creating;
  return repo.failsCreation ? RepositoryStatus.failed : (repo.createdStatus ?? RepositoryStatus.ok);
}

/** The status a read answers with; it counts towards `creatingStatusAnswers`, which a list does not. */
function answerStatus(repo: Repository): number {
  const status = statusOf(repo);
  if ((repo.creatingStatusAnswers ?? 0) > 0) repo.creatingStatusAnswers! -= 1;
  return status;
}

function urls(repo: Repository, baseUrl: string) {
  const host = new URL(baseUrl).hostname;
  return {
    ssh: `git@${host}:${repo.groupName}/${repo.name}.git`,
    https: `${baseUrl}/${repo.groupName}/${repo.name}.git`,
    web: `${baseUrl}/repo/${repo.id}/home`,
  };
}

export function repoInfoV2(world: World, repo: Repository, baseUrl: string, userId: string): RepoInfoV2 {
  const creator = world.userById(repo.creatorId);
  const { ssh, https, web } = urls(repo, baseUrl);
  return {
    repository_uuid: repo.uuid,
    repository_id: repo.id,
    repository_name: repo.name,
    ssh_url: ssh,
    https_url: https,
    group_name: repo.groupName,
    web_url: web,
    visibility_level: repo.visibilityLevel,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    repository_size: "0.06M",
    lfs_size: "0.00M",
    creator_name: creator?.name ?? null,
    domain_name: world.seed.domain.name,
    star: false,
    status: statusOf(repo),
    is_owner: repo.creatorId === userId ? 1 : 0,
    iam_user_uuid: repo.creatorId,
    project_uuid: repo.projectUuid,
    project_is_deleted: "false",
    userRole: repo.creatorId === userId ? 40 : null,
  };
}

function repositoryV4Body(repo: Repository, baseUrl: string): RepositoryV4 {
  const { ssh, https } = urls(repo, baseUrl);
  return {
    id: repo.id,
    uuid: repo.uuid,
    name: repo.name,
    path: repo.name,
    path_with_namespace: `${repo.groupName}/${repo.name}`,
    description: repo.description,
    default_branch: repo.defaultBranch,
    visibility: VISIBILITY_NAMES[repo.visibilityLevel] ?? "private",
    archived: false,
    empty_repo: repo.commits.length === 0,
    created_at: new Date(`${repo.createdAt.replace(" ", "T")}Z`).toISOString(),
    updated_at: new Date(`${repo.updatedAt.replace(" ", "T")}Z`).toISOString(),
    ssh_url_to_repo: ssh,
    http_url_to_repo: https,
    project_id: repo.projectUuid,
    branch_count: repo.branches.length,
    tag_count: 0,
    member_count: 1,
    // Every label the list shows with include_expired (its default), expired ones too.
    label_count: repo.labels?.length ?? 0,
  };
}

export function repositoryHandlers(world: World, settings: RepositorySettings): RepositoryHandlers {
  const missing = (uuid: string) => faults.notFound(`Repository ${uuid} does not exist`);
  /** The V4 routes' 404, as repositoryV4 answers it. */
  const missingV4 = () => new Fault(404, ErrorCodes.repositoryMissing, ErrorMessages.repositoryMissing);
  const byUuid = (uuid: string): Repository => {
    const repo = world.repositoryByUuid(uuid);
    if (!repo) throw missing(uuid);
    return repo;
  };
  /** A read of one repository, which may not be possible yet right after creation. */
  const readable = (repo: Repository, notFound: () => Fault): Repository => {
    if ((repo.unreadableReads ?? 0) > 0) {
      repo.unreadableReads! -= 1;
      world.save();
      throw settings.unreadableReadsAnswer === 404 ? notFound() : noPermission();
    }
    return repo;
  };
  const requireProject = (uuid: string): void => {
    if (uuid !== world.seed.project.id) throw faults.notFound(`Project ${uuid} does not exist`);
  };
  const page = (repos: Repository[], query: { page_index?: number; page_size?: number; search?: string }, baseUrl: string, userId: string) => {
    const search = query.search?.toLowerCase();
    const matching = search ? repos.filter((repo) => repo.name.toLowerCase().includes(search)) : repos;
    const size = query.page_size ?? 20;
    const start = ((query.page_index ?? 1) - 1) * size;
    return {
      total: matching.length,
      repositories: matching.slice(start, start + size).map((repo) => repoInfoV2(world, repo, baseUrl, userId)),
    };
  };

  return {
    createRepository({ body, userId }) {
      if (body.project_uuid !== world.seed.project.id) {
        throw faults.invalid(`Param invalid: project_uuid ${body.project_uuid} does not exist`);
      }
      const taken = world.data.repositories.some(
        (repo) => repo.projectUuid === body.project_uuid && repo.name.toLowerCase() === body.name.toLowerCase(),
      );
      if (taken) throw faults.invalid(`Param invalid: a repository named ${body.name} already exists in this project`);
      const now = Date.now();
      const repo: Repository = {
        uuid: randomHex(16),
        id: world.data.nextRepositoryId++,
        name: body.name,
        projectUuid: body.project_uuid,
        groupName: world.seed.project.groupName,
        description: body.description ?? "",
        visibilityLevel: body.visibility_level ?? 0,
        creatorId: userId,
        createdAt: serviceTime(now),
        updatedAt: serviceTime(now),
        readyAt: settings.creatingStatusAnswers === undefined ? now + settings.creationDelayMs : now,
        creatingStatusAnswers: settings.creatingStatusAnswers,
        failsCreation: settings.failCreationPattern?.test(body.name) ?? false,
        createdStatus: settings.createdStatus,
        unreadableReads: settings.unreadableReadsAfterCreate,
        defaultBranch: "master",
        branches: [],
        commits: [],
        members: [{ userId, role: 40 }],
        hooks: [],
        protectedBranches: [],
        protectedTags: [],
        deployKeys: [],
      };
      initialCommit(world, repo, { creatorId: userId, readme: body.enable_readme === 1, at: now });
      world.data.repositories.push(repo);
      world.save();
      return { repository_uuid: repo.uuid };
    },

    showRepositoryStatus({ params }) {
      return answerStatus(byUuid(params.repository_uuid));
    },

    showRepository({ params, baseUrl, userId }) {
      const repo = world.repositoryByUuid(params.repository_uuid);
      if (!repo && settings.deletedReadAnswers401) throw noPermission();
      const found = readable(byUuid(params.repository_uuid), () => missing(params.repository_uuid));
      const info = repoInfoV2(world, found, baseUrl, userId);
      return settings.statusNullInRead ? { ...info, status: null } : { ...info, status: answerStatus(found) };
    },

    showRepositoryV4({ params, baseUrl }) {
      return repositoryV4Body(readable(repositoryV4(world, params.repository_id), missingV4), baseUrl);
    },

    deleteRepository({ params }) {
      const repo = byUuid(params.repository_uuid);
      world.data.repositories = world.data.repositories.filter((r) => r !== repo);
      world.save();
      return true;
    },

    // The SDK documents no answer for a repository outside the path's project; the emulator
    // answers the V4 404 for it, as for a missing repository. Locking does not stop the emulator's
    // own console calls (commits, branches): the service's refusals of writes to a locked
    // repository are not documented.
    lockRepository({ params }) {
      const repo = repositoryV4(world, params.repository_id);
      if (repo.projectUuid.toLowerCase() !== params.project_id.toLowerCase()) throw missingV4();
      repo.locked = true;
      world.save();
      return { locked: "true" };
    },

    // Filters by name (a substring, as the emulator's other searches) and lock state; the other
    // documented filters and sorts are accepted and not applied. Creation order.
    listTenantRepositories({ query }) {
      const name = query.repository_name?.toLowerCase();
      const matching = world.data.repositories.filter(
        (repo) =>
          (name === undefined || repo.name.toLowerCase().includes(name)) &&
          (query.locked === undefined || (repo.locked === true) === query.locked),
      );
      const offset = query.offset ?? 0;
      const shown = matching.slice(offset, offset + (query.limit ?? 20)).map((repo) => ({
        repository_id: repo.id,
        repository_name: repo.name,
        project_id: repo.projectUuid,
        owner: world.userById(repo.creatorId)?.name ?? null,
        status: 0,
        locked: repo.locked === true,
        member_number: repo.members?.length ?? 0,
        create_time: repo.createdAt,
      }));
      return new Reply(shown, undefined, { "X-Total": String(matching.length) });
    },

    listUserRepositories({ query, baseUrl, userId }) {
      return page(world.data.repositories, query, baseUrl, userId);
    },

    listProjectRepositories({ params, query, baseUrl, userId }) {
      requireProject(params.project_uuid);
      return page(
        world.data.repositories.filter((repo) => repo.projectUuid === params.project_uuid),
        query,
        baseUrl,
        userId,
      );
    },

    validateRepositoryName({ params }) {
      requireProject(params.project_uuid);
      const name = params.repository_name.toLowerCase();
      return !world.data.repositories.some((repo) => repo.projectUuid === params.project_uuid && repo.name.toLowerCase() === name);
    },
  };
}

/**
 * What a user can change in the console but no documented API call can: a repository's name,
 * description and visibility. Tests use it to make the drift a refresh must report.
 */
export interface ConsoleRepositoryEdit {
  uuid: string;
  name?: string;
  description?: string;
  visibility?: "private" | "internal" | "public";
}

export function editRepositoryInConsole(world: World, edit: ConsoleRepositoryEdit): RepoInfoV2["repository_uuid"] {
  const repo = world.repositoryByUuid(edit.uuid);
  if (!repo) throw new Error(`no repository ${edit.uuid}`);
  if (edit.name !== undefined) repo.name = edit.name;
  if (edit.description !== undefined) repo.description = edit.description;
  if (edit.visibility !== undefined) {
    const level = Object.entries(VISIBILITY_NAMES).find(([, name]) => name === edit.visibility)?.[0];
    if (level === undefined) throw new Error(`visibility must be private, internal or public, not ${edit.visibility}`);
    repo.visibilityLevel = Number(level);
  }
  repo.updatedAt = serviceTime(Date.now());
  world.save();
  return repo.uuid;
}
