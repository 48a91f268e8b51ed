/**
 * What the benchmark deploys: N resources in the shape a platform team has, repository after
 * repository, each with its protection, its team, its CI webhook and its CI deploy key.
 *
 * Per repository k (0-based): a protected `master` (new repositories have only that branch, and the
 * API has no branch resource to make a second one, so the second protection every other repository
 * gets is the usual release-tag rule `v*`); 3, 4 or 5 members in turn; one webhook; one deploy key
 * of its own; in every other repository (the ones without a tag rule), an approval rule for
 * `master`; and one governance object in turn: merge-request settings (no self-merge, discussions
 * resolved), a label, a file push permission on CODEOWNERS, a repository policy (no forks). That
 * is 10 resources per repository on average, 1 in 10 being a repository. The last repository is
 * cut short so the total is exactly N.
 *
 * Not in the mix: RepositoryFile (one read per file: no list gives a file's content),
 * TrustedIpAddress, ProjectWebhook and Tag, whose integration tests count their calls (a list per
 * repository or project shared by all its objects; a tag, one read).
 */
import { ed25519Key } from "../lib/ssh-keys";

export interface MemberPlan {
  id: string;
  name: string;
  role: "reader" | "developer" | "maintainer";
}

export interface RepositoryPlan {
  name: string;
  description: string;
  protectedBranches: Array<{ branch: string; pushAccess: string; mergeAccess: string }>;
  protectedTags: Array<{ tag: string; createAccess: string }>;
  members: MemberPlan[];
  webhooks: Array<{ url: string; name: string; token: string; events: string[]; branchFilter: string }>;
  deployKeys: Array<{ title: string; key: string; canPush: boolean }>;
  approvalRules: Array<{ branch: string; mode: "approval"; requiredApprovals: number; requirePipelinePass: boolean }>;
  mergeRequestSettings: Array<{ forbidSelfMerge: boolean; requireResolvedDiscussions: boolean }>;
  labels: Array<{ name: string; color: string; description: string }>;
  filePushPermissions: Array<{ path: string; pushAccess: "maintainers" }>;
  repositoryPolicies: Array<{ forkForbidden: boolean }>;
}

/** What the generated programs read from mix.json. */
export interface Mix {
  projectId: string;
  repositories: RepositoryPlan[];
}

export type ResourceKind =
  | "repositories"
  | "protectedBranches"
  | "protectedTags"
  | "members"
  | "webhooks"
  | "deployKeys"
  | "approvalRules"
  | "mergeRequestSettings"
  | "labels"
  | "filePushPermissions"
  | "repositoryPolicies";
export type MixCounts = Record<ResourceKind, number>;

/** Users the mix makes members of: how many the emulator must have besides its admin (who creates the repositories). */
export const MEMBERS_PER_REPOSITORY_MAX = 5;
const ROLES: MemberPlan["role"][] = ["maintainer", "developer", "developer", "reader", "developer"];

/**
 * @param users tenant users to make members of, at least MEMBERS_PER_REPOSITORY_MAX of them
 * @param namePrefix keeps repository names of different sizes apart in one emulator
 */
export function planMix(size: number, projectId: string, users: Array<{ id: string; name: string }>, namePrefix: string): Mix {
  if (users.length < MEMBERS_PER_REPOSITORY_MAX) throw new Error(`the mix needs ${MEMBERS_PER_REPOSITORY_MAX} users to add as members, got ${users.length}`);
  const repositories: RepositoryPlan[] = [];
  let left = size;
  /** Takes up to `wanted` of the resources still to place. */
  const take = (wanted: number) => {
    const granted = Math.min(wanted, left);
    left -= granted;
    return granted;
  };
  for (let k = 0; left > 0; k++) {
    const name = `${namePrefix}-repo-${String(k + 1).padStart(4, "0")}`;
    take(1);
    const repository: RepositoryPlan = {
      name,
      description: `Service ${k + 1}, owned by team ${(k % 7) + 1}`,
      protectedBranches: Array.from({ length: take(1) }, () => ({ branch: "master", pushAccess: "noOne", mergeAccess: "maintainers" })),
      protectedTags: Array.from({ length: take(k % 2 === 0 ? 1 : 0) }, () => ({ tag: "v*", createAccess: "maintainers" })),
      members: users.slice(0, take(3 + (k % 3))).map((user, i) => ({ id: user.id, name: user.name, role: ROLES[i] })),
      webhooks: Array.from({ length: take(1) }, () => ({
        url: `https://ci.example.com/hooks/${name}`,
        name: "ci",
        token: `bench-hook-token-${k + 1}`,
        events: ["push", "mergeRequest"],
        branchFilter: "^(master|release/.*)$",
      })),
      deployKeys: Array.from({ length: take(1) }, () => ({ title: "ci (read-only)", key: ed25519Key(`ci@${name}`), canPush: false })),
      approvalRules: Array.from({ length: take(k % 2 === 1 ? 1 : 0) }, () => ({ branch: "master", mode: "approval" as const, requiredApprovals: 1, requirePipelinePass: true })),
      mergeRequestSettings: Array.from({ length: take(k % 4 === 0 ? 1 : 0) }, () => ({ forbidSelfMerge: true, requireResolvedDiscussions: true })),
      labels: Array.from({ length: take(k % 4 === 1 ? 1 : 0) }, () => ({ name: "security-review", color: "#d9534f", description: "Needs a review by the security team" })),
      filePushPermissions: Array.from({ length: take(k % 4 === 2 ? 1 : 0) }, () => ({ path: "CODEOWNERS", pushAccess: "maintainers" as const })),
      repositoryPolicies: Array.from({ length: take(k % 4 === 3 ? 1 : 0) }, () => ({ forkForbidden: true })),
    };
    repositories.push(repository);
  }
  return { projectId, repositories };
}

export function countMix(mix: Mix): MixCounts {
  const sum = (pick: (r: RepositoryPlan) => unknown[]) => mix.repositories.reduce((total, r) => total + pick(r).length, 0);
  return {
    repositories: mix.repositories.length,
    protectedBranches: sum((r) => r.protectedBranches),
    protectedTags: sum((r) => r.protectedTags),
    members: sum((r) => r.members),
    webhooks: sum((r) => r.webhooks),
    deployKeys: sum((r) => r.deployKeys),
    approvalRules: sum((r) => r.approvalRules),
    mergeRequestSettings: sum((r) => r.mergeRequestSettings),
    labels: sum((r) => r.labels),
    filePushPermissions: sum((r) => r.filePushPermissions),
    repositoryPolicies: sum((r) => r.repositoryPolicies),
  };
}
