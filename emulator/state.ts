/**
 * The emulator's world: one tenant (domain), one CodeArts project, a few users, the tokens IAM has
 * issued and the repositories. Plain JSON so `--data` can persist it across restarts.
 */
import type { TrustedIpAddressBody } from "../wire/trusted-ip-addresses";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export interface SeedUser {
  /** 32-hex IAM user id. */
  id: string;
  /** Integer id the V4 calls use. */
  numericId: number;
  name: string;
}

export interface Seed {
  region: string;
  domain: { id: string; name: string };
  /** The IAM project tokens are scoped to (its name is the region). */
  iamProject: { id: string; name: string };
  /** The CodeArts project repositories live in. */
  project: { id: string; name: string; groupName: string };
  users: SeedUser[];
}

export interface Commit {
  id: string;
  title: string;
  authorName: string;
  /** ISO 8601 with milliseconds, UTC. */
  createdAt: string;
  parentIds: string[];
  /** The rest is absent in data files from before the create-commit call. */
  message?: string;
  authorEmail?: string | null;
  /** Who pushed the commit (IAM user id); the author may be someone else. */
  committerId?: string;
  additions?: number;
  deletions?: number;
  /** The whole tree after this commit, path → file. */
  files?: Record<string, FileEntry>;
}

export interface FileEntry {
  content: string;
  executable: boolean;
  /** The commit that last changed the file, which `last_commit_id` is checked against. */
  lastCommitId: string;
}

/** A push as the events call reports it (v4 digest §8.4). */
export interface PushEventRecord {
  id: number;
  actionName: string;
  /** IAM user id of who pushed. */
  pusherId: string;
  /** ISO 8601 with milliseconds, UTC. */
  createdAt: string;
  ref: string;
  /** "created" for a new branch, "pushed" for a push to an existing one. */
  action: string;
  commitFrom: string | null;
  commitTo: string;
  commitCount: number;
  commitTitle: string | null;
}

/** One statistics run (seeds 000–002) with the numbers taken when it was triggered. */
export interface StatisticsRun {
  id: number;
  /** IAM user id of who triggered it. */
  userId: string;
  branch: string;
  /** Epoch ms. */
  createdAt: number;
  /** How long it waited and ran: the settings when it was triggered. */
  queuedMs: number;
  runningMs: number;
  /** Set: the run's phases last this many status answers each instead (StatisticsSettings.statusAnswersPerPhase). */
  statusAnswersPerPhase?: number;
  statusAnswers?: number;
  /** Ends in status "failed" (StatisticsSettings.failRuns). */
  fails?: boolean;
  snapshot: StatisticsSnapshot;
}

export interface StatisticsSnapshot {
  branchCommitCount: number;
  allBranchCommitCount: number;
  /** Latest committer first. Times are epoch ms. */
  committers: { userName: string; addLines: number; deleteLines: number; commitCount: number; firstAt: number; lastAt: number }[];
  /** Newest day first; yyyyMMdd in the service's time zone. */
  codelines: { date: string; additions: number; deletions: number }[];
}

export interface Branch {
  name: string;
  commitId: string;
}

export interface Repository {
  uuid: string;
  id: number;
  name: string;
  projectUuid: string;
  groupName: string;
  description: string;
  visibilityLevel: number;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
  /** Epoch ms when creation finishes; before that the status is "creating". */
  readyAt: number;
  /** Status answers still to report "creating" (RepositorySettings.creatingStatusAnswers). */
  creatingStatusAnswers?: number;
  /** Whether creation ends in failure (status 2). */
  failsCreation: boolean;
  /** The status reported once created, when not 0 (RepositorySettings.createdStatus). */
  createdStatus?: number;
  /** Reads still to answer 401 CH.080401 (RepositorySettings.unreadableReadsAfterCreate). */
  unreadableReads?: number;
  defaultBranch: string;
  branches: Branch[];
  commits: Commit[];
  /** Repository members (the creator joins as maintainer); missing in data files from before members. */
  members?: MemberRecord[];
  /** V4 webhooks; missing in data files from before webhooks. */
  hooks?: WebhookRecord[];
  /** Absent in data files written before protections existed. */
  protectedBranches?: ProtectedBranchRule[];
  protectedTags?: ProtectedTagRule[];
  /** The repository's roles when a test changed them; absent: the service's standard roles. */
  roles?: RoleRecord[];
  /**
   * The V4 role (id, name) its member list shows for each v1 code, when a test changed them (a
   * tenant whose roles are renamed or custom); absent: the emulator's standard ones.
   */
  memberRoles?: Record<string, { id: string; name: string | null }>;
  /** Absent in data files written before deploy keys existed. */
  deployKeys?: DeployKeyRecord[];
  /** Absent in data files written before events and statistics existed. */
  events?: PushEventRecord[];
  statisticsRuns?: StatisticsRun[];
  /** Absent in data files written before labels existed. */
  labels?: LabelRecord[];
  /** Tags; absent in data files written before them. */
  tags?: TagRecord[];
  /** Set by LockRepository: the code stays, read-only. Absent: not locked. */
  locked?: boolean;
  /** Merge-request approver settings; absent in data files written before them. */
  approverSettings?: ApproverSettingRecord[];
  /** Merge-request settings as last set (emulator/settings.ts); absent: the emulator's defaults. */
  mergeRequestSetting?: Record<string, unknown>;
  /** General policy as last set (emulator/settings.ts); absent: the emulator's defaults. */
  generalPolicy?: Record<string, unknown>;
  /** inherit-setting modes by setting name; a name absent is "custom". */
  inheritSettings?: Record<string, string>;
  /** File push permissions; absent in data files written before them. */
  filePushPermissions?: FilePushPermissionRecord[];
  /** Trusted IP addresses (the allowlist); absent in data files written before them. */
  trustedIps?: TrustedIpRecord[];
}

export interface MemberRecord {
  /** IAM user id (SeedUser.id). */
  userId: string;
  /** 20 reader, 30 developer, 40 maintainer (§4.4.2). */
  role: number;
}

export interface WebhookRecord {
  id: number;
  url: string;
  name: string;
  description: string;
  /** The secret as sent; answers carry a mask instead (v4 digest §6). */
  token: string;
  tokenType: string;
  pushEvents: boolean;
  branchFilter: string;
  tagPushEvents: boolean;
  mergeRequestsEvents: boolean;
  noteEvents: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * One action of a protection rule, as a V4 request sent it: whitelisted user ids (numeric),
 * member-group ids and role ids. Not in data files written before the V4 protection calls.
 */
export interface ProtectionActionRecord {
  action: string;
  enable: boolean;
  userIds: number[];
  userTeamIds: number[];
  roleIds: string[];
}

/** A protected-branch rule (v4 digest §2). Older data files hold the v2 levels instead of `actions`. */
export interface ProtectedBranchRule {
  id: number;
  name: string;
  actions?: ProtectionActionRecord[];
  pushAccessLevel?: 0 | 30 | 40;
  mergeAccessLevel?: 0 | 30 | 40;
}

/** A protected-tag rule: a tag name or a pattern such as "v*" (v4 digest §3). */
export interface ProtectedTagRule {
  id: number;
  name: string;
  actions?: ProtectionActionRecord[];
  createAccessLevel?: 0 | 30 | 40;
}

/** A role of a repository, as the permissions call lists it. */
export interface RoleRecord {
  id: string;
  name: string;
  nameCn: string;
}

/** A public key as the service keeps it: re-spaced, as given otherwise (see emulator/keys.ts). */
export interface DeployKeyRecord {
  id: number;
  title: string;
  key: string;
  canPush: boolean;
  application: string;
  createdAt: string;
}

/** A repository label as the V4 label calls see it (see emulator/labels.ts). */
export interface LabelRecord {
  id: number;
  name: string;
  /** Absent until a call sets them: the SDK documents no defaults. */
  color?: string;
  description?: string;
  /** YYYY-MM-DD, as sent. */
  expiresAt?: string;
  priority?: number;
  /** ISO 8601 with milliseconds, UTC: the list sorts by them. */
  createdAt: string;
  updatedAt: string;
}

export interface SshKeyRecord {
  id: string;
  /** The user the key belongs to (the caller when it was added). */
  userId: string;
  title: string;
  key: string;
  createdAt: string;
}

export interface IssuedToken {
  token: string;
  userId: string;
  expiresAt: number;
}

export interface WorldData {
  nextRepositoryId: number;
  repositories: Repository[];
  tokens: IssuedToken[];
  /** Missing in data files from before webhooks. */
  nextWebhookId?: number;
  /** User SSH keys; absent in older data files. */
  sshKeys?: SshKeyRecord[];
  /** Deploy keys and SSH keys share one id sequence, as in GitLab; absent in older data files. */
  nextKeyId?: number;
  /** Absent in older data files. */
  nextEventId?: number;
  nextStatisticsRunId?: number;
  nextLabelId?: number;
  nextApproverSettingId?: number;
  nextFilePushPermissionId?: number;
  nextTrustedIpId?: number;
  /** The seed project's webhooks (one id sequence with repositories' hooks); absent in older data files. */
  projectHooks?: WebhookRecord[];
}

/** Stable ids derived from a label, so the default seed is the same on every machine. */
export function stableHex(label: string, length = 32): string {
  return createHash("sha256").update(`codeartsrepo-emulator:${label}`).digest("hex").slice(0, length);
}

export function randomHex(bytes = 16): string {
  return randomBytes(bytes).toString("hex");
}

/** "2019-10-15 09:40:27", the v1/v2 timestamp format (§4.2.22). */
export function serviceTime(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

/** A `serviceTime` in the ISO form the V4 answers use. */
export function v4Time(time: string): string {
  return new Date(`${time.replace(" ", "T")}Z`).toISOString();
}

/** Names of the extra users `seedUsers` adds: user-001, user-002, … */
export function extraUserName(index: number): string {
  return `user-${String(index).padStart(3, "0")}`;
}

export function defaultSeed(options: { projectId?: string; adminUser: string; extraUsers?: number }): Seed {
  const extra = Array.from({ length: options.extraUsers ?? 0 }, (_, i) => extraUserName(i + 1));
  const userNames = [options.adminUser, "alice", "bob", "carol", ...extra];
  return {
    region: "cn-north-4",
    domain: { id: stableHex("domain"), name: "emulator-tenant" },
    iamProject: { id: stableHex("iam-project"), name: "cn-north-4" },
    project: { id: options.projectId ?? stableHex("project"), name: "emulator-project", groupName: "emulator-tenant00001" },
    users: userNames.map((name, i) => ({ id: stableHex(`user:${name}`), numericId: 1001 + i, name })),
  };
}

export class World {
  data: WorldData = { nextRepositoryId: 468480, repositories: [], tokens: [] };

  constructor(
    readonly seed: Seed,
    private readonly dataFile?: string,
  ) {
    if (dataFile && existsSync(dataFile)) {
      this.data = JSON.parse(readFileSync(dataFile, "utf8")) as WorldData;
    }
  }

  /** Writes the world to the data file, if any; atomically, so a crash never leaves half a file. */
  save(): void {
    if (!this.dataFile) return;
    const temporary = `${this.dataFile}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data, null, 2));
    renameSync(temporary, this.dataFile);
  }

  userById(id: string): SeedUser | undefined {
    return this.seed.users.find((user) => user.id === id);
  }

  repositoryByUuid(uuid: string): Repository | undefined {
    return this.data.repositories.find((repo) => repo.uuid === uuid);
  }

  repositoryById(id: number): Repository | undefined {
    return this.data.repositories.find((repo) => repo.id === id);
  }
}

/** A merge-request approver setting as the V4 calls see it (see emulator/approval-rules.ts): the body's fields as last set. */
export interface ApproverSettingRecord {
  id: number;
  settings: Record<string, unknown>;
}

/** A tag: the commit it names and its message (see emulator/tags.ts). */
export interface TagRecord {
  name: string;
  commitId: string;
  message?: string;
}

/** A file push permission (see emulator/file-push-permissions.ts): a path or wildcard and its actions as last sent. */
export interface FilePushPermissionRecord {
  id: number;
  path: string;
  actions: ProtectionActionRecord[];
}

/** A trusted IP address as the V4 calls see it (see emulator/trusted-ip-addresses.ts): the body's fields as last set. */
export interface TrustedIpRecord {
  id: number;
  entry: TrustedIpAddressBody;
  createdAt: string;
  updatedAt: string;
}
