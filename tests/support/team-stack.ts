/** A stack of examples/team-repository on the emulator, as the end-to-end tests set it up. */
import { resolve } from "node:path";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, freshClient } from "./emulator";
import { ed25519Key } from "./ssh-keys";

export const TEAM_PROGRAM_DIR = resolve(__dirname, "..", "..", "examples", "team-repository");
/** The same program in Pulumi YAML, through the provider plugin. */
export const TEAM_YAML_PROGRAM_DIR = resolve(__dirname, "..", "..", "examples", "team-repository-yaml");
/** The same program in Python, through the provider plugin and the SDK generated from its schema. */
export const TEAM_PYTHON_PROGRAM_DIR = resolve(__dirname, "..", "..", "examples", "team-repository-python");
export const TEAM_WEBHOOK_TOKEN = "team-webhook-token-0d9c41";

/**
 * A new stack with alice (maintainer), bob (developer) and carol (reader) as members; not yet
 * applied. `sandbox` names another stack (default "dev"), on the backend of another sandbox, or
 * gives every command an environment (another backend: `PULUMI_BACKEND_URL` and its credentials).
 */
export async function initTeamStack(
  fixture: EmulatorFixture,
  extraConfig: Record<string, string> = {},
  credentials: Record<string, string> = { "codeartsrepo:token": "emulator-token" },
  sandbox: { stack?: string; besides?: PulumiSandbox; env?: NodeJS.ProcessEnv } = {},
): Promise<PulumiSandbox> {
  const users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
  const pulumi = new PulumiSandbox({ programDir: TEAM_PROGRAM_DIR, ...sandbox });
  await pulumi.init(
    {
      "codeartsrepo:endpoint": fixture.emulator.url,
      projectId: fixture.projectId,
      members: JSON.stringify([
        { id: users.alice, name: "alice", role: "maintainer" },
        { id: users.bob, name: "bob", role: "developer" },
        { id: users.carol, name: "carol", role: "reader" },
      ]),
      deployPublicKey: ed25519Key("ci@example"),
      userPublicKey: ed25519Key("operator@example"),
      ...extraConfig,
    },
    { ...credentials, webhookToken: TEAM_WEBHOOK_TOKEN },
  );
  return pulumi;
}

/**
 * A new stack of a program through the provider plugin (examples/team-repository-yaml, or -python)
 * with the same members and keys; not yet applied. `env` is for every command of the stack (e.g.
 * PULUMI_PYTHON_CMD).
 */
export async function initTeamPluginStack(fixture: EmulatorFixture, programDir: string, env: NodeJS.ProcessEnv = {}): Promise<PulumiSandbox> {
  const users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
  const pulumi = new PulumiSandbox({ programDir, env });
  await pulumi.init(
    {
      "codeartsrepo:endpoint": fixture.emulator.url,
      projectId: fixture.projectId,
      maintainerId: users.alice,
      developerId: users.bob,
      readerId: users.carol,
      deployPublicKey: ed25519Key("ci@example"),
      userPublicKey: ed25519Key("operator@example"),
    },
    { "codeartsrepo:token": "emulator-token", webhookToken: TEAM_WEBHOOK_TOKEN },
  );
  return pulumi;
}

/** What the emulator holds once the example is applied (the creator joins every repository as maintainer). */
export const TEAM_AS_DECLARED = {
  repositories: 1,
  protectedBranches: ["master"],
  protectedTags: ["v*"],
  deployKeys: 1,
  hooks: 1,
  members: ["alice:40", "bob:30", "carol:20", "emulator-admin:40"],
  sshKeys: 1,
};

/** What the emulator holds, as "Kind name" lines comparable with the state. */
export async function liveObjects(fixture: EmulatorFixture, repositoryId: number, repositoryUuid: string) {
  const api = freshClient(fixture);
  const members = (await api.call("listRepositoryMembers", { params: { repository_uuid: repositoryUuid }, query: { page_size: 100 } })).users;
  return {
    repositories: (await api.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { page_size: 100 } })).repositories.length,
    protectedBranches: (await api.call("listProtectedBranches", { params: { repository_id: repositoryId } })).map((r) => r.name),
    protectedTags: (await api.call("listProtectedTags", { params: { repository_id: repositoryId } })).map((r) => r.name),
    deployKeys: (await api.call("listDeployKeys", { params: { repository_id: repositoryId } })).length,
    hooks: (await api.call("listRepositoryWebhooks", { params: { repository_id: repositoryId } })).length,
    members: members.map((m) => `${m.name}:${m.role}`).sort(),
    sshKeys: (await api.call("listSshKeys", { query: { limit: 100 } })).keys.length,
  };
}
