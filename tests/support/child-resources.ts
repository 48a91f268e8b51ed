/** Helpers for testing resources that live inside a repository (protected branches, tags…). */
import { CodeArtsClient } from "../../provider/client";
import { DEFAULTS } from "../../emulator";
import { EmulatorFixture } from "./emulator";

/**
 * A client with nothing cached, for looking at the emulator's state. Clients reuse list answers
 * for a few seconds (coalescing) and only their own writes clear that, so a long-lived client can
 * miss a change another client just made.
 */
export function observer(fixture: EmulatorFixture): CodeArtsClient {
  return new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: DEFAULTS.token } });
}

/** Creates a repository out of band and returns both its ids. */
export async function parentRepository(fixture: EmulatorFixture, name: string): Promise<{ repositoryId: number; repositoryUuid: string }> {
  const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
  const { repository_id } = await fixture.admin.call("showRepository", { params: { repository_uuid } });
  return { repositoryId: repository_id, repositoryUuid: repository_uuid };
}
