/**
 * The import scenario: a project of N repositories of the bench mix, made through the API, then
 * read by `codeartsrepo import` (runImport, the command's own function) at the service's rate
 * limit. Measures the calls (against the list pages the project has), 429 answers and wall time.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodeArtsClient } from "../../api/client";
import { DEFAULTS, RunningEmulator } from "../../emulator";
import { runImport } from "../../importer/command";
import { Mix, planMix } from "./mix";
import { seedProject } from "./seed-project";

export interface ImportRun {
  repositories: number;
  /** Resources of the mix the project holds (each an object the import declares). */
  resources: number;
  /** The list pages the project has: one of repositories per 100, and one per repository per list. */
  listPages: number;
  calls: number;
  byRoute: Record<string, number>;
  throttled: number;
  wallMs: number;
  /** Resources in the generated program (`new codeartsrepo.…`). */
  declared: number;
}

/**
 * Reads per repository: V4 settings (description), protected branches, tags, members (V4 and v1),
 * hooks, deploy keys, approver settings, file push permissions, trusted addresses, and the
 * merge-request settings and general policy. Labels only where the V4 answer counts some.
 */
export const LISTS_PER_REPOSITORY = 12;

/** The first `count` repositories of a mix large enough to hold them whole. */
export function repositoriesOfMix(count: number, projectId: string, users: Array<{ id: string; name: string }>, prefix: string): Mix {
  const mix = planMix(count * 10, projectId, users, prefix);
  return { ...mix, repositories: mix.repositories.slice(0, count) };
}

async function setRateLimit(emulator: RunningEmulator, perMinute: number): Promise<void> {
  const response = await fetch(`${emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify({ rateLimitPerMinute: perMinute }) });
  if (!response.ok) throw new Error(`emulator settings refused: ${response.status}`);
}

export async function measureImport(emulator: RunningEmulator, repositories: number, rateLimitPerMinute: number, say: (line: string) => void): Promise<ImportRun> {
  const client = (rate: number) =>
    new CodeArtsClient({ endpoint: emulator.url, iamEndpoint: emulator.url, auth: { kind: "token", token: DEFAULTS.token }, rateLimitPerMinute: rate, coalesceTtlMs: 0 });
  const mix = repositoriesOfMix(repositories, emulator.seed.project.id, emulator.seed.users.slice(1), `imp${repositories}`);
  // Seeding is set-up, not the measurement: the gateway's limit is lifted while the project is made.
  await setRateLimit(emulator, 0);
  say(`import scenario: seeding ${repositories} repositories through the API`);
  await seedProject(client(0), mix);
  await setRateLimit(emulator, rateLimitPerMinute);

  const out = mkdtempSync(join(tmpdir(), "codeartsrepo-bench-import-"));
  try {
    emulator.requests.reset();
    const started = performance.now();
    await runImport({ projectId: mix.projectId, out, includeSshKeys: false, settings: {} }, { client: client(rateLimitPerMinute) });
    const wallMs = Math.round(performance.now() - started);
    const counted = emulator.requests.snapshot();
    const program = readFileSync(join(out, "index.ts"), "utf8");
    const resources = mix.repositories.reduce(
      (sum, r) =>
        sum +
        1 +
        r.protectedBranches.length +
        r.protectedTags.length +
        r.members.length +
        r.webhooks.length +
        r.deployKeys.length +
        r.approvalRules.length +
        r.mergeRequestSettings.length +
        r.labels.length +
        r.filePushPermissions.length +
        r.repositoryPolicies.length,
      0,
    );
    const withLabels = mix.repositories.filter((r) => r.labels.length > 0).length;
    const run: ImportRun = {
      repositories,
      resources,
      // The project's repository listing and its webhooks, then each repository's reads.
      listPages: Math.ceil(repositories / 100) + 1 + repositories * LISTS_PER_REPOSITORY + withLabels,
      calls: counted.total,
      byRoute: counted.byRoute,
      throttled: counted.throttled,
      wallMs,
      declared: program.split("new codeartsrepo.").length - 1,
    };
    say(`import of ${repositories} repositories: ${(wallMs / 1000).toFixed(1)} s, ${run.calls} calls (${run.listPages} list pages), ${run.throttled} × 429, ${run.declared} resources declared`);
    return run;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
