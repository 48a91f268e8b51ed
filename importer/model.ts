/**
 * What `codeartsrepo import` learned from the service: plain data, in the provider's vocabulary,
 * one entry per object a program can declare. Reading fills it (read.ts), `--exclude-stack` thins
 * it (exclude.ts), and the generator turns it into a program (generate.ts).
 */
import type { AccessLevelName } from "../provider/protection-roles";
import type { MemberRole } from "../provider/member";
import type { WebhookEvent } from "../provider/webhook";

export interface ImportedBranchProtection {
  branch: string;
  pushAccess: AccessLevelName;
  mergeAccess: AccessLevelName;
}

export interface ImportedTagProtection {
  tag: string;
  createAccess: AccessLevelName;
}

export interface ImportedMember {
  /** The IAM user id the Member resource takes. */
  userId: string;
  userName: string;
  role: MemberRole;
}

export interface ImportedWebhook {
  hookId: number;
  url: string;
  name?: string;
  description?: string;
  tokenType: "X-Repo-Token" | "X-Gitlab-Token" | "X-Auth-Token";
  events: WebhookEvent[];
  branchFilter?: string;
  /** Whether the service shows a token (masked): it cannot be read, only kept or replaced. */
  hasToken: boolean;
}

export interface ImportedDeployKey {
  keyId: number;
  title: string;
  /** As the service lists it; the key text itself is not readable. */
  fingerprint: string;
}

export interface ImportedSshKey {
  keyId: number;
  title: string;
  key: string;
}

export interface ImportedRepository {
  uuid: string;
  id: number;
  name: string;
  description?: string;
  visibility: "private" | "public";
  /** False when an existing stack manages the repository: its children then name it by its ids. */
  declared: boolean;
  protectedBranches: ImportedBranchProtection[];
  protectedTags: ImportedTagProtection[];
  members: ImportedMember[];
  webhooks: ImportedWebhook[];
  deployKeys: ImportedDeployKey[];
}

/** An object the import leaves out, and why: reported on stderr and in the generated README. */
export interface Skipped {
  what: string;
  why: string;
}

export interface ImportedProject {
  projectId: string;
  repositories: ImportedRepository[];
  /** Only with --include-ssh-keys. */
  sshKeys: ImportedSshKey[];
  skipped: Skipped[];
}
