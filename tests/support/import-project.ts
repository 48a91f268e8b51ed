/**
 * A hand-made CodeArts project for the import tests: the bench mix (scripts/bench/mix.ts) of a few
 * repositories seeded through the API, plus SSH keys on the admin's account.
 */
import { planMix, Mix } from "../../scripts/bench/mix";
import { SeededRepository, seedProject } from "../../scripts/bench/seed-project";
import { EmulatorFixture } from "./emulator";
import { ed25519Key } from "./ssh-keys";

export interface SeededProject {
  mix: Mix;
  repositories: SeededRepository[];
  sshKeys: { title: string; key: string }[];
  /** Every key text seeded, by its title within its repository: what a user fills into the generated config. */
  deployKeyTexts: string[];
}

/** `size` resources of the bench mix (9 a repository on average) under `prefix`, and two SSH keys. */
export async function seedImportProject(fixture: EmulatorFixture, size: number, prefix: string): Promise<SeededProject> {
  const users = fixture.emulator.seed.users.slice(1);
  const mix = planMix(size, fixture.projectId, users, prefix);
  const repositories = await seedProject(fixture.admin, mix);
  const sshKeys = [
    { title: `${prefix} laptop`, key: ed25519Key(`${prefix}@laptop`) },
    { title: `${prefix} build agent`, key: ed25519Key(`${prefix}@agent`) },
  ];
  for (const key of sshKeys) await fixture.admin.call("createSshKey", { body: key });
  return { mix, repositories, sshKeys, deployKeyTexts: mix.repositories.flatMap((r) => r.deployKeys.map((k) => k.key)) };
}
