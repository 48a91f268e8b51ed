/**
 * The GitOps recipes as files (tests/e2e/gitops-recipes.test.ts runs them): the reader that takes
 * them apart, the triggers each CI system is given, and that every secret or variable a recipe
 * reads is named in the comment a user reads first.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RecipeJob, codeartsJobs, githubJobs, gitlabJobs, isShell, parseYaml } from "../support/ci-recipes";

const gitops = join(__dirname, "..", "..", "examples", "gitops");
/** The comment lines at the top of a file. */
const header = (path: string) =>
  readFileSync(join(gitops, path), "utf8")
    .split("\n")
    .filter((line, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("#")))
    .join("\n");

describe("the recipe reader", () => {
  it("reads maps, lists, `|` scalars (comment lines in them kept), quotes, flow lists and trailing comments", () => {
    const yaml = [
      "# a comment",
      "on:",
      "  push:",
      "    branches: [main, 'release/*']",
      "jobs:",
      "  build:",
      "    steps:",
      "      - uses: actions/checkout@v4 # pinned",
      "      - name: Run",
      "        run: |",
      "          # a shell comment",
      "          echo \"a: b\"",
      "",
      "          exit 0",
      "      - \"quoted item\"",
      "    list:",
      "    - at the key's indent",
    ].join("\n");
    expect(parseYaml(yaml)).toEqual({
      on: { push: { branches: ["main", "release/*"] } },
      jobs: {
        build: {
          steps: [{ uses: "actions/checkout@v4" }, { name: "Run", run: '# a shell comment\necho "a: b"\n\nexit 0\n' }, "quoted item"],
          list: ["at the key's indent"],
        },
      },
    });
  });

  it("refuses what it does not read, naming the line", () => {
    expect(() => parseYaml("a: >\n  folded\n", "x.yml")).toThrow(/x\.yml:1: folded scalars/);
    expect(() => parseYaml("a: 1\n  b: 2\n", "x.yml")).toThrow(/x\.yml:2: unexpected indentation/);
  });
});

/** `$NAME` read by a job's shell that the file does not set itself (shell variables excluded). */
function variablesRead(job: RecipeJob, definedInFile: string[]): string[] {
  const names = new Set<string>();
  for (const step of job.steps.filter(isShell)) {
    const assigned = new Set([...step.script.matchAll(/(?:^|[\s;])([A-Za-z_]\w*)=/g)].map((m) => m[1]));
    for (const [, name] of step.script.matchAll(/\$\{?([A-Za-z_]\w*)/g)) {
      if (!assigned.has(name) && !definedInFile.includes(name) && !["HOME", "PATH"].includes(name)) names.add(name);
    }
  }
  return [...names].sort();
}

describe("GitHub Actions recipe", () => {
  const path = "github-actions/codeartsrepo.yml";
  const workflow = parseYaml(readFileSync(join(gitops, path), "utf8")) as Record<string, any>;

  it("previews pull requests, applies pushes to main, checks drift nightly or by hand with an optional remediate", () => {
    expect(workflow.on.pull_request).toEqual({ branches: ["main"] });
    expect(workflow.on.push).toEqual({ branches: ["main"] });
    expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \* \* \*$/) }]);
    expect(workflow.on.workflow_dispatch.inputs.remediate).toMatchObject({ type: "boolean", default: "false" });
    expect(Object.fromEntries(Object.entries(workflow.jobs).map(([job, d]: [string, any]) => [job, d.if]))).toEqual({
      preview: "github.event_name == 'pull_request'",
      apply: "github.event_name == 'push'",
      drift: "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'",
    });
    expect(workflow.jobs.preview.permissions["pull-requests"]).toBe("write");
  });

  it("names every secret and variable it reads in its header", () => {
    const text = readFileSync(join(gitops, path), "utf8");
    const read = [...new Set([...text.matchAll(/\b(?:secrets|vars)\.(\w+)/g)].map((m) => m[1]))];
    expect(read.length).toBeGreaterThanOrEqual(6);
    for (const name of read) expect([name, header(path).includes(name)]).toEqual([name, true]);
    const declared = Object.keys(workflow.env);
    for (const job of githubJobs()) expect(variablesRead(job, declared).filter((name) => !/^(GITHUB_STEP_SUMMARY|GH_TOKEN|PR_NUMBER|REMEDIATE|DRIFT_STACKS|FAIL_ON)$/.test(name))).toEqual([]);
  });
});

describe("GitLab CI recipe", () => {
  const path = "gitlab-ci/gitlab-ci.yml";
  const pipeline = parseYaml(readFileSync(join(gitops, path), "utf8")) as Record<string, any>;

  it("previews merge requests, applies the default branch, checks drift on schedules, one apply or drift at a time", () => {
    expect(pipeline.preview.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(pipeline.apply.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"' }]);
    expect(pipeline.drift.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule" || $CI_PIPELINE_SOURCE == "web"' }]);
    expect(pipeline[".one-at-a-time"].resource_group).toBe("codeartsrepo-prod");
    expect([pipeline.apply.extends, pipeline.drift.extends]).toEqual([".one-at-a-time", ".one-at-a-time"]);
  });

  it("names every variable it reads (beyond GitLab's predefined CI_*) in its header", () => {
    for (const job of gitlabJobs()) {
      for (const name of variablesRead(job, Object.keys(pipeline.variables)).filter((n) => !n.startsWith("CI_"))) {
        expect([job.job, name, header(path).includes(name)]).toEqual([job.job, name, true]);
      }
    }
  });
});

describe("CodeArts Pipeline recipe", () => {
  it("has a pipeline per job, each running its CodeArts Build task, the MR iid and REMEDIATE passed on", () => {
    const pipelines = Object.fromEntries(codeartsJobs().map((job) => [job.job, (job.raw.pipeline as any).jobs[job.job].steps]));
    expect(pipelines.preview).toEqual([expect.objectContaining({ uses: "CodeArtsBuild", with: expect.objectContaining({ MR_IID: "${{ sources.infra.merge_id }}" }) })]);
    expect(pipelines.apply).toEqual([expect.objectContaining({ uses: "CodeArtsBuild" })]);
    expect(pipelines.drift).toEqual([expect.objectContaining({ uses: "CodeArtsBuild", with: expect.objectContaining({ REMEDIATE: "${{ env.REMEDIATE }}" }) })]);
  });

  it("names every task parameter it reads in the build file's header, and never writes ${name} (CodeArts Build substitutes it)", () => {
    for (const job of codeartsJobs()) {
      const path = `codearts-pipeline/build-${job.job}.yml`;
      const params = ((job.raw.build as any).params as Array<{ name: string }>).map((p) => p.name);
      for (const name of variablesRead(job, params)) expect([path, name, header(path).includes(name)]).toEqual([path, name, true]);
      for (const step of job.steps.filter(isShell)) expect(step.script).not.toMatch(/\$\{/);
    }
  });
});

it("every preview writes Markdown and JSON, every drift run JSON, JUnit and Markdown", () => {
  for (const job of [...githubJobs(), ...gitlabJobs(), ...codeartsJobs()]) {
    const shell = job.steps.filter(isShell).map((s) => s.script).join("\n");
    if (job.job === "preview") expect(shell).toMatch(/codeartsrepo preview --cwd "\$PROGRAM_DIR" --stack "\$PULUMI_STACK" \\?\s*--markdown reports\/preview\.md --json reports\/preview\.json/);
    if (job.job === "drift") {
      expect(shell).toMatch(/--json reports\/drift\.json --junit reports\/drift-junit\.xml --markdown reports\/drift\.md/);
      expect(shell).toMatch(/codeartsrepo drift "\$@"/);
    }
  }
});

it("every job reaches the state's OBS bucket as the README says: the backend URL's form, the key pair, checksums only where required", () => {
  const readme = readFileSync(join(gitops, "..", "..", "README.md"), "utf8");
  const form = /PULUMI_BACKEND_URL='([^']+)'/.exec(readme)![1];
  expect(form).toBe("s3://my-pulumi-state?endpoint=https://obs.cn-north-4.myhuaweicloud.com&region=cn-north-4&use_path_style=true");
  const headers = ["github-actions/codeartsrepo.yml", "gitlab-ci/gitlab-ci.yml", ...["preview", "apply", "drift"].map((job) => `codearts-pipeline/build-${job}.yml`)];
  for (const path of headers) expect([path, header(path).includes(form), header(path).includes('"Keeping the state in OBS"')]).toEqual([path, true, true]);
  for (const job of [...githubJobs(), ...gitlabJobs(), ...codeartsJobs()]) {
    for (const step of job.steps.filter(isShell)) {
      // GitLab exports the key pair in its before_script; the others declare it in the environment.
      const keyPair =
        job.recipe === "GitLab CI"
          ? /export AWS_ACCESS_KEY_ID="\$HW_ACCESS_KEY" AWS_SECRET_ACCESS_KEY="\$HW_SECRET_KEY"/.test(step.script)
          : job.recipe === "GitHub Actions"
            ? step.env.AWS_ACCESS_KEY_ID === "${{ secrets.HW_ACCESS_KEY }}" && step.env.AWS_SECRET_ACCESS_KEY === "${{ secrets.HW_SECRET_KEY }}"
            : header(`codearts-pipeline/build-${job.job}.yml`).includes("AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (private)");
      expect([job.recipe, step.name, keyPair, step.env.AWS_REQUEST_CHECKSUM_CALCULATION, step.env.AWS_RESPONSE_CHECKSUM_VALIDATION]).toEqual([
        job.recipe,
        step.name,
        true,
        "when_required",
        "when_required",
      ]);
    }
  }
});
