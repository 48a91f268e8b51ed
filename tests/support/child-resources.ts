/** Helpers for testing resources that live inside a repository (protected branches, tags…). */
import { isNotFound } from "../../api/errors";
import type { BranchV4 } from "../../wire/branch";
import { EmulatorFixture, freshClient } from "./emulator";

/** Creates a repository out of band and returns both its ids. */
export async function parentRepository(fixture: EmulatorFixture, name: string): Promise<{ repositoryId: number; repositoryUuid: string }> {
  const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
  const { repository_id } = await fixture.admin.call("showRepository", { params: { repository_uuid } });
  return { repositoryId: repository_id, repositoryUuid: repository_uuid };
}

/** A console change (emulator control) and its answer; a refused change fails the test with its message. */
async function consoleChange(url: string, control: string, body: object): Promise<unknown> {
  const response = await fetch(`${url}/__emulator/${control}`, { method: "PUT", body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(`PUT /__emulator/${control} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

export interface ConsoleAction {
  action: string;
  enable?: boolean;
  user_ids?: number[];
  user_team_ids?: number[];
  related_role_ids?: string[];
}

/** Sets a protection rule's actions in the "console", whitelisting anyone, as no provider level would. */
export function setProtectionRule(
  url: string,
  rule: { repositoryId: number; kind: "branch" | "tag"; name: string; actions: ConsoleAction[] },
): Promise<unknown> {
  return consoleChange(url, "protection-rule", rule);
}

/** Replaces a repository's roles (null: the service's standard roles). */
export function setRepositoryRoles(url: string, repositoryId: number, roles: { id: string; name: string }[] | null): Promise<unknown> {
  return consoleChange(url, "repository-roles", { repositoryId, roles });
}

/** The id the service gives a repository role of this name, as the documented role list shows it. */
export async function roleId(fixture: EmulatorFixture, repositoryId: number, name: string): Promise<string> {
  const roles = await fixture.admin.call("listRepositoryRoles", { params: { repository_id: repositoryId, resource_name: "repository" }, query: { limit: 100 } });
  const role = roles.find((candidate) => candidate.role_name === name);
  if (!role?.role_id) throw new Error(`repository ${repositoryId} has no role "${name}"`);
  return role.role_id;
}

/** A branch as the console sees it now, or undefined when it (or its repository) does not exist. */
export async function liveBranch(fixture: EmulatorFixture, repositoryId: number, name: string): Promise<BranchV4 | undefined> {
  try {
    return await freshClient(fixture).call("showBranch", { params: { repository_id: repositoryId }, query: { branch_name: name } });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Marks a repository setting inherited from its project or group, or its own ("custom"), as the console would. */
export function setInheritSetting(url: string, repositoryId: number, name: string, inheritMod: "inherit" | "custom" | "force_inherit"): Promise<unknown> {
  return consoleChange(url, "inherit-setting", { repositoryId, name, inheritMod });
}
