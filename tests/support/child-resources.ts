/** Helpers for testing resources that live inside a repository (protected branches, tags…). */
import { EmulatorFixture } from "./emulator";

/** Creates a repository out of band and returns both its ids. */
export async function parentRepository(fixture: EmulatorFixture, name: string): Promise<{ repositoryId: number; repositoryUuid: string }> {
  const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
  const { repository_id } = await fixture.admin.call("showRepository", { params: { repository_uuid } });
  return { repositoryId: repository_id, repositoryUuid: repository_uuid };
}
