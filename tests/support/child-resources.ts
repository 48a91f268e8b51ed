/** Helpers for testing resources that live inside a repository (protected branches, tags…). */
import { isNotFound } from "../../provider/errors";
import type { BranchV4 } from "../../provider/wire-branch";
import { EmulatorFixture, freshClient } from "./emulator";

/** Creates a repository out of band and returns both its ids. */
export async function parentRepository(fixture: EmulatorFixture, name: string): Promise<{ repositoryId: number; repositoryUuid: string }> {
  const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
  const { repository_id } = await fixture.admin.call("showRepository", { params: { repository_uuid } });
  return { repositoryId: repository_id, repositoryUuid: repository_uuid };
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
