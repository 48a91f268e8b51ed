/**
 * The GitOps recipes of examples/gitops, run the way their CI systems run them: each job's shell
 * steps, in order, in a checkout holding examples/team-repository as `infra/` with the packed
 * package installed, against one emulator and one stack shared by the three recipes. The CI
 * systems' own variables are given by environment; the services the jobs talk to besides CodeArts
 * Repo (GitHub's `gh`, GitLab's and CodeArts' comment APIs) are a local recorder, so a test can
 * say what was posted. The state lives where the recipes tell users to keep it, in a bucket through
 * `s3://…` (an S3-compatible server on loopback standing in for OBS), and each job runs as on a
 * runner of its own: a new Pulumi home, the same backend, passphrase and committed stack file. A
 * recipe whose steps stop working fails here.
 */
import { execFile } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { IncomingMessage, Server, createServer } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { DEFAULTS } from "../../emulator";
import { RecipeJob, ShellStep, codeartsJobs, githubJobs, gitlabJobs, isShell } from "../support/ci-recipes";
import { EmulatorFixture, freshClient, startFixture } from "../support/emulator";
import { installTarball, packWorkingTree } from "../support/packages";
import { S3Server, s3BackendUrl, startS3Server } from "../support/s3-server";
import { ed25519Key } from "../support/ssh-keys";

jest.setTimeout(900_000);

const repositoryRoot = resolve(__dirname, "..", "..");
const STACK = "prod";
const PASSPHRASE = "gitops-recipes-passphrase";
const WEBHOOK_TOKEN = "gitops-webhook-token-7c1d30";
const TYPE = "pulumi-nodejs:dynamic/codeartsrepo:";

/**
 * Commands that set up the CI machine, which the test's own toolchain stands in for: the Pulumi CLI
 * is already on PATH, and the packed package is installed once into infra/ (an `npm ci` takes
 * 20–40 s here; nine of them would be most of this file's time). Each job must still contain them.
 */
const MACHINE_SETUP = ['npm ci --prefix "$PROGRAM_DIR"', 'curl -fsSL https://get.pulumi.com | sh -s -- --version "$PULUMI_VERSION"'];

interface Posted {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** Records what a job posts to a code host's API (GitLab notes, CodeArts discussions). */
async function startRecorder(): Promise<{ url: string; posted: Posted[]; server: Server }> {
  const posted: Posted[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      posted.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      response.writeHead(201, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posted, server };
}

interface JobRun {
  /** 0 when every shell step passed; else the failed step's code. */
  code: number;
  failedStep?: string;
  output: string;
}

/** The job ended as expected (passed, or failed with `code` at `failedStep`); else fails showing what the job printed. */
function expectOutcome(run: JobRun, code: number, failedStep?: string): void {
  if (run.code !== code || (failedStep !== undefined && run.failedStep !== failedStep)) {
    throw new Error(`expected the job to end with ${code}${failedStep ? ` at "${failedStep}"` : ""}, it ended with ${run.code} at "${run.failedStep ?? "the end"}":\n${run.output}`);
  }
}

describe("examples/gitops recipes", () => {
  let fixture: EmulatorFixture;
  let s3: S3Server;
  let work: string;
  let runners = 0;
  let checkout: string;
  let programDir: string;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let users: Record<string, string>;
  /** What every job's machine has: the toolchain, an isolated Pulumi home, the stub `gh`. */
  let machineEnv: NodeJS.ProcessEnv;
  const backend = () => s3.backendUrl();

  /** The person who set the stack up, on a machine of their own. */
  const pulumi = async (args: string[]): Promise<string> =>
    (await promisify(execFile)("pulumi", [...args, "--non-interactive"], { cwd: programDir, env: { ...machineEnv, PULUMI_BACKEND_URL: backend(), ...s3.env(), PULUMI_CONFIG_PASSPHRASE: PASSPHRASE }, maxBuffer: 16 * 2 ** 20 })).stdout;

  const setMembers = (roles: Record<"alice" | "bob" | "carol", string>) =>
    pulumi(["config", "set", "--stack", STACK, "members", JSON.stringify(Object.entries(roles).map(([name, role]) => ({ id: users[name], name, role })))]);

  async function outputsOf(type: string, name: string): Promise<Record<string, any>> {
    const { deployment } = JSON.parse(await pulumi(["stack", "export", "--stack", STACK]));
    const resource = deployment.resources.find((r: any) => r.type === `${TYPE}${type}` && String(r.urn).endsWith(`::${name}`));
    if (!resource) throw new Error(`no ${type} ${name} in the state`);
    return resource.outputs;
  }

  async function liveRoles(): Promise<Record<string, number>> {
    const { repositoryUuid } = await outputsOf("Repository", "team");
    const { users: members } = await freshClient(fixture).call("listRepositoryMembers", { params: { repository_uuid: repositoryUuid }, query: { page_size: 100 } });
    return Object.fromEntries(members.map((m) => [m.name, m.role]));
  }

  /**
   * Runs the job's shell steps in order in the checkout, as its CI system would: the first that
   * fails ends the job. `variables` are what the CI system's settings and run give the job.
   */
  async function runJob(job: RecipeJob, variables: Record<string, string>, expressions: Record<string, string> = {}): Promise<JobRun> {
    rmSync(join(checkout, "reports"), { recursive: true, force: true });
    // Each job runs on a runner of its own: nothing is shared with the others but the checkout.
    const runnerHome = join(work, `runner-${++runners}`, "pulumi-home");
    let output = "";
    for (const step of job.steps.filter(isShell)) {
      const script = step.script
        .split("\n")
        .filter((line) => !MACHINE_SETUP.includes(line.trim()))
        .join("\n");
      if (script.trim() === "") continue;
      const file = join(work, "step.sh");
      writeFileSync(file, script);
      const env = { ...machineEnv, ...resolveEnv(step, expressions), ...variables, PULUMI_HOME: runnerHome };
      const [command, ...args] = step.shell;
      const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
        execFile(command, [...args, file], { cwd: checkout, env, maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) =>
          done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
        ),
      );
      output += `── ${step.name} (exit ${result.code})\n${result.stdout}${result.stderr}`;
      if (result.code !== 0) return { code: result.code, failedStep: step.name, output };
    }
    return { code: 0, output };
  }

  /** The step's declared environment with GitHub's `${{ … }}` expressions replaced; an unknown one fails. */
  function resolveEnv(step: ShellStep, expressions: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(step.env).map(([name, value]) => [
        name,
        value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
          if (!(expression in expressions)) throw new Error(`${step.name}: ${name} uses \${{ ${expression} }}, which the test does not provide`);
          return expressions[expression];
        }),
      ]),
    );
  }

  const report = (name: string) => JSON.parse(readFileSync(join(checkout, "reports", name), "utf8"));
  const reportText = (name: string) => readFileSync(join(checkout, "reports", name), "utf8");

  beforeAll(async () => {
    s3 = await startS3Server();
    // One Huawei Cloud access key pair opens both the state's bucket and the CodeArts Repo API, as
    // the recipes pass it.
    fixture = await startFixture({ accessKey: s3.accessKeyId, secretKey: s3.secretAccessKey });
    users = Object.fromEntries(fixture.emulator.seed.users.map((u) => [u.name, u.id]));
    recorder = await startRecorder();
    work = mkdtempSync(join(tmpdir(), "codeartsrepo-gitops-"));
    checkout = join(work, "checkout");
    programDir = join(checkout, "infra");
    mkdirSync(programDir, { recursive: true });
    for (const file of ["index.ts", "Pulumi.yaml", "tsconfig.json"]) cpSync(join(repositoryRoot, "examples", "team-repository", file), join(programDir, file));
    installTarball(programDir, packWorkingTree(work));
    // A TypeScript program lists `typescript` among its devDependencies (without it Pulumi falls
    // back to its vendored TypeScript 3, which refuses the example's tsconfig); this checkout's is
    // linked rather than installed, to need no network.
    symlinkSync(join(repositoryRoot, "node_modules", "typescript"), join(programDir, "node_modules", "typescript"), "dir");

    // A stand-in for the GitHub CLI: records `gh pr comment N --body-file F` as the workflow makes it.
    mkdirSync(join(work, "bin"));
    writeFileSync(
      join(work, "bin", "gh"),
      [
        "#!/usr/bin/env node",
        'const [command, sub, number, flag, file] = process.argv.slice(2);',
        'if (command !== "pr" || sub !== "comment" || flag !== "--body-file") { console.error(`gh stub: unexpected ${process.argv.slice(2).join(" ")}`); process.exit(1); }',
        'const body = require("node:fs").readFileSync(file, "utf8");',
        'require("node:fs").appendFileSync(process.env.GH_STUB_LOG, JSON.stringify({ number, body, token: process.env.GH_TOKEN }) + "\\n");',
      ].join("\n"),
    );
    chmodSync(join(work, "bin", "gh"), 0o755);
    machineEnv = {
      ...process.env,
      PATH: `${join(work, "bin")}:${process.env.PATH}`,
      PULUMI_HOME: join(work, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      NO_COLOR: "1",
      CI: "true",
      GH_STUB_LOG: join(work, "gh-comments.jsonl"),
    };

    // What the team committed once: the stack and its configuration (Pulumi.prod.yaml in infra/).
    await pulumi(["stack", "init", STACK]);
    await pulumi(["config", "set", "--stack", STACK, "projectId", fixture.projectId]);
    await pulumi(["config", "set", "--stack", STACK, "deployPublicKey", ed25519Key("ci@example")]);
    await pulumi(["config", "set", "--stack", STACK, "userPublicKey", ed25519Key("operator@example")]);
    await pulumi(["config", "set", "--stack", STACK, "--secret", "webhookToken", WEBHOOK_TOKEN]);
    await setMembers({ alice: "maintainer", bob: "developer", carol: "reader" });
  });

  afterAll(async () => {
    if (machineEnv) await pulumi(["destroy", "--yes", "--stack", STACK]).catch(() => undefined);
    recorder?.server.close();
    await fixture?.close();
    await s3?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const ghComments = (): Array<{ number: string; body: string; token: string }> =>
    existsSync(machineEnv.GH_STUB_LOG!) ? readFileSync(machineEnv.GH_STUB_LOG!, "utf8").trim().split("\n").map((line) => JSON.parse(line)) : [];

  const github = Object.fromEntries(githubJobs().map((job) => [job.job, job]));
  const gitlab = Object.fromEntries(gitlabJobs().map((job) => [job.job, job]));
  const codearts = Object.fromEntries(codeartsJobs().map((job) => [job.job, job]));
  let githubSummary: string;

  /** Where a job's settings say the state is, and the key pair they give to reach it. */
  interface StateAccess {
    backendUrl: string;
    accessKeyId: string;
    secretAccessKey: string;
  }
  const stateAccess = (): StateAccess => ({ backendUrl: backend(), accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });

  /** A GitHub Actions job, its `${{ … }}` expressions given as the repository's settings and the event would. */
  const runGithub = (job: string, remediate = "false", state = stateAccess()) => {
    githubSummary = join(work, `github-summary-${job}.md`);
    writeFileSync(githubSummary, "");
    return runJob(
      github[job],
      { GITHUB_STEP_SUMMARY: githubSummary, GITHUB_WORKSPACE: checkout },
      {
        "vars.HW_REGION_NAME": "cn-north-4",
        "vars.HW_CODEARTSREPO_ENDPOINT": fixture.emulator.url,
        "secrets.HW_ACCESS_KEY": state.accessKeyId,
        "secrets.HW_SECRET_KEY": state.secretAccessKey,
        "secrets.PULUMI_BACKEND_URL": state.backendUrl,
        "secrets.PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "github.token": "ghs_workflow_token",
        "github.event.pull_request.number": "7",
        "inputs.remediate || vars.CODEARTSREPO_REMEDIATE": remediate,
        "vars.CODEARTSREPO_DRIFT_STACKS": "",
        "vars.CODEARTSREPO_FAIL_ON": "",
      },
    );
  };

  /** A GitLab CI job with the project's CI/CD variables and GitLab's predefined ones. */
  const runGitlab = (job: string, remediate = "false", state = stateAccess()) =>
    runJob(gitlab[job], {
      HW_REGION_NAME: "cn-north-4",
      HW_CODEARTSREPO_ENDPOINT: fixture.emulator.url,
      HW_ACCESS_KEY: state.accessKeyId,
      HW_SECRET_KEY: state.secretAccessKey,
      PULUMI_BACKEND_URL: state.backendUrl,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      GITLAB_API_TOKEN: "glpat-recipe-test",
      CI_API_V4_URL: `${recorder.url}/api/v4`,
      CI_PROJECT_ID: "42",
      CI_MERGE_REQUEST_IID: "5",
      CODEARTSREPO_REMEDIATE: remediate,
      // The nightly check as a team with several stacks sets it, failing on high findings only.
      CODEARTSREPO_DRIFT_STACKS: "prod",
      CODEARTSREPO_FAIL_ON: "high",
    });

  /** A CodeArts Build task with its parameters (password authentication, like a CodeArts user would set). */
  const runCodearts = (job: string, remediate = "false", state = stateAccess()) =>
    runJob(codearts[job], {
      HW_REGION_NAME: "cn-north-4",
      HW_CODEARTSREPO_ENDPOINT: fixture.emulator.url,
      HW_IAM_ENDPOINT: fixture.emulator.url,
      HW_USER_NAME: DEFAULTS.user,
      HW_USER_PASSWORD: DEFAULTS.password,
      HW_DOMAIN_NAME: fixture.emulator.seed.domain.name,
      PULUMI_BACKEND_URL: state.backendUrl,
      AWS_ACCESS_KEY_ID: state.accessKeyId,
      AWS_SECRET_ACCESS_KEY: state.secretAccessKey,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      CODEARTS_REPO_API: recorder.url,
      REPOSITORY_ID: "1234",
      MR_IID: "9",
      REMEDIATE: remediate,
    });

  const gitlabNotes = () => recorder.posted.filter((p) => p.url.includes("/merge_requests/"));
  const codeartsDiscussions = () => recorder.posted.filter((p) => p.url.includes("/discussions"));

  // One story on one stack, each of the nine jobs run once (each run of the engine costs 10–40 s
  // here): the three CI systems take turns, as if a team had moved from one to the next.
  it("GitHub preview: the first rollout goes to the job summary and a PR comment", async () => {
    expectOutcome(await runGithub("preview"), 0);
    const markdown = reportText("preview.md");
    expect(markdown).toMatch(/team-service/);
    expect(report("preview.json")).toMatchObject({ version: 1, stack: expect.stringMatching(/(^|\/)prod$/) });
    expect(report("preview.json").findings.length).toBeGreaterThanOrEqual(9);
    expect(ghComments()).toEqual([{ number: "7", body: markdown, token: "ghs_workflow_token" }]);
    expect(readFileSync(githubSummary, "utf8")).toContain(markdown);
  });

  it("CodeArts apply: creates everything (authenticated with an IAM user's password)", async () => {
    expectOutcome(await runCodearts("apply"), 0);
    expect(await liveRoles()).toEqual({ alice: 40, bob: 30, carol: 20, [DEFAULTS.user]: 40 });
  });

  it("GitLab preview: nothing to change, so no note is posted and the job passes", async () => {
    expectOutcome(await runGitlab("preview"), 0);
    expect(report("preview.json").findings).toEqual([]);
    expect(gitlabNotes()).toEqual([]);
  });

  it("GitLab drift: fails with exit 2 on a role changed and a webhook deleted in the console, its reports kept", async () => {
    const { memberId } = await outputsOf("Member", "bob");
    const { repositoryUuid, repositoryId } = await outputsOf("Repository", "team");
    const { hookId } = await outputsOf("Webhook", "ci");
    await freshClient(fixture).call("setRepositoryMemberRole", { params: { repository_uuid: repositoryUuid, member_id: memberId }, body: { role: 20 } });
    await freshClient(fixture).call("deleteRepositoryWebhook", { params: { repository_id: repositoryId, hook_id: hookId } });

    expectOutcome(await runGitlab("drift"), 2, "drift › script");
    const found = report("drift.json");
    expect(found.summary).toMatchObject({ changed: 1, deleted: 1, unmanaged: 0 });
    expect(found.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "changed", name: "bob", fields: expect.arrayContaining([expect.objectContaining({ field: "role" })]) }),
        expect.objectContaining({ kind: "deleted", name: "ci" }),
      ]),
    );
    expect(reportText("drift-junit.xml").match(/<failure/g)).toHaveLength(2);
    expect(reportText("drift.md")).not.toContain(WEBHOOK_TOKEN);
    // A lowered role is medium; the deleted webhook, high, is what fails the job under --fail-on high.
    expect(found.findings.map((f: { name: string; severity: string; rule: string }) => `${f.name} ${f.severity} ${f.rule}`).sort()).toEqual([
      "bob medium member-role-lowered",
      "ci high webhook-removed",
    ]);
    expect(found.stacks).toEqual(["prod"]);
    expect(JSON.parse(reportText("drift.sarif")).runs[0].results).toHaveLength(2);
    expect(gitlab.drift.raw.artifacts).toEqual({ when: "always", paths: ["reports/"], reports: { junit: "reports/drift-junit.xml" } });
  });

  it("CodeArts drift: uploads the reports, then fails the build with the drift run's exit code", async () => {
    expectOutcome(await runCodearts("drift"), 2, "drift › Fail on drift (exit 2) or on a failed check (exit 1)");
    expect(report("drift.json").summary).toMatchObject({ changed: 1, deleted: 1 });
    const order = codearts.drift.steps.map((s) => (isShell(s) ? s.name : s.uses));
    expect(order.indexOf("upload_artifact")).toBeGreaterThan(order.indexOf("drift › Detect drift"));
    expect(order.indexOf("upload_artifact")).toBeLessThan(order.indexOf("drift › Fail on drift (exit 2) or on a failed check (exit 1)"));
  });

  it("GitHub drift, run by hand with remediate: puts both back and passes", async () => {
    expectOutcome(await runGithub("drift", "true"), 0);
    expect(report("drift.json").findings).toEqual([]);
    expect((await liveRoles()).bob).toBe(30);
    const { repositoryId } = await outputsOf("Repository", "team");
    expect(await freshClient(fixture).call("listRepositoryWebhooks", { params: { repository_id: repositoryId } })).toHaveLength(1);
    expect(github.drift.steps.filter((s) => !isShell(s))).toEqual(
      expect.arrayContaining([expect.objectContaining({ uses: "actions/upload-artifact@v4", if: "always()", with: expect.objectContaining({ path: "reports/" }) })]),
    );
  });

  it("CodeArts preview: a role change in the merge request is posted as a discussion, with an IAM token of the run's own", async () => {
    await setMembers({ alice: "maintainer", bob: "developer", carol: "developer" });
    expectOutcome(await runCodearts("preview"), 0);
    expect(codeartsDiscussions()).toHaveLength(1);
    const [posted] = codeartsDiscussions();
    expect(posted).toMatchObject({ method: "POST", url: "/v4/repositories/1234/merge-requests/9/discussions" });
    expect(JSON.parse(posted.body)).toEqual({ body: reportText("preview.md") });
    expect(reportText("preview.md")).toMatch(/carol/);
    // A token the emulator's IAM issued for the user, not a credential from the task's parameters.
    expect(posted.headers["x-auth-token"]).toMatch(/\w{16,}/);
    expect(posted.headers["x-auth-token"]).not.toBe(DEFAULTS.password);
    expect(existsSync(join(checkout, "reports", ".iam-request.json"))).toBe(false);
  });

  it("GitLab apply, then GitHub apply: the change lands once, the second apply has nothing to do", async () => {
    expectOutcome(await runGitlab("apply"), 0);
    expect((await liveRoles()).carol).toBe(30);
    const applied = await runGithub("apply");
    expectOutcome(applied, 0);
    expect(applied.output).toMatch(/Resources:\s+\d+ unchanged/);
  });

  it("a wrong endpoint, a missing bucket or a refused key pair: every job fails with the storage's message and exit 1, calling no CodeArts API and printing no secret key", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const bad: Array<[string, StateAccess, RegExp]> = [
      ["wrong endpoint", { ...stateAccess(), backendUrl: s3BackendUrl(s3.bucket, `http://127.0.0.1:${closed}`, s3.region) }, /connection refused/],
      ["missing bucket", { ...stateAccess(), backendUrl: s3BackendUrl("no-such-bucket", s3.endpoint, s3.region) }, /NoSuchBucket/],
      ["refused key pair", { ...stateAccess(), secretAccessKey: "not-the-secret-key" }, /SignatureDoesNotMatch/],
    ];
    const outcomes: string[] = [];
    fixture.resetRequests();
    for (const [what, state, message] of bad) {
      for (const [recipe, run] of [["GitHub", runGithub], ["GitLab", runGitlab], ["CodeArts", runCodearts]] as const) {
        for (const job of ["preview", "apply", "drift"]) {
          const outcome = await run(job, "false", state);
          for (const secret of [s3.secretAccessKey, state.secretAccessKey]) expect(outcome.output).not.toContain(secret);
          outcomes.push(`${what}: ${recipe} ${job} exit ${outcome.code}${message.test(outcome.output) ? " with the storage's message" : `, output:\n${outcome.output}`}`);
        }
      }
    }
    expect(outcomes).toEqual(outcomes.map((line) => line.replace(/ exit \d+.*$/s, " exit 1 with the storage's message")));
    expect(fixture.requests().total).toBe(0);
  });

  it("every job installs the program's dependencies, and the Pulumi CLI where the image lacks it, before anything else", () => {
    for (const job of [...githubJobs(), ...gitlabJobs(), ...codeartsJobs()]) {
      const lines = job.steps.filter(isShell).flatMap((s) => s.script.split("\n").map((l) => l.trim()));
      const firstCommand = lines.findIndex((l) => /codeartsrepo (preview|drift)|pulumi up/.test(l));
      expect([job.recipe, job.job, lines.indexOf(MACHINE_SETUP[0]) >= 0 && lines.indexOf(MACHINE_SETUP[0]) < firstCommand]).toEqual([job.recipe, job.job, true]);
      if (job.recipe !== "GitHub Actions") expect([job.recipe, job.job, lines.indexOf(MACHINE_SETUP[1]) === 0]).toEqual([job.recipe, job.job, true]);
    }
    // GitHub Actions gets the CLI from the pulumi/actions step.
    for (const job of githubJobs()) expect(job.steps.some((s) => !isShell(s) && s.uses.startsWith("pulumi/actions@"))).toBe(true);
  });
});

