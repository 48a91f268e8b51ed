/**
 * `codeartsrepo import` without a service: names, the generated files from a model, the
 * command's arguments, --exclude-stack's filtering, and the DeployKey check that guards adoption.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateProject } from "../../importer/generate";
import { generatePluginProject, importEntries, projectSource } from "../../importer/generate-plugin";
import { globMatcher, identifierOf, slug, UniqueNames } from "../../importer/names";
import { parseImportArguments } from "../../importer/command";
import { parseStackReference, withoutManaged } from "../../importer/exclude";
import { ImportedProject, ImportedRepository } from "../../importer/model";
import { provider as deployKeys } from "../../provider/deploy-key";
import { label } from "../../provider/label";
import type { ChildImport, RepositoryReading } from "../../provider/importing";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { UNKNOWN } from "../../provider/validation";
import { ed25519Key } from "../support/ssh-keys";

const PROJECT = "0123456789abcdef0123456789abcdef";

function repository(name: string, id: number, extra: Partial<ImportedRepository> = {}): ImportedRepository {
  return {
    uuid: `${String(id).padStart(4, "0")}${"a".repeat(28)}`,
    id,
    name,
    visibility: "private",
    declared: true,
    protectedBranches: [],
    protectedTags: [],
    approvalRules: [],
    mergeRequestSettings: [],
    repositoryPolicies: [],
    filePushPermissions: [],
    trustedIpAddresses: [],
    members: [],
    webhooks: [],
    deployKeys: [],
    labels: [],
    ...extra,
  };
}

function project(repositories: ImportedRepository[], extra: Partial<ImportedProject> = {}): ImportedProject {
  return { projectId: PROJECT, repositories, sshKeys: [], projectWebhooks: [], skipped: [], ...extra };
}

describe("names", () => {
  it("makes readable, config-safe names, with a fallback for names with no letter or digit", () => {
    expect(slug("Team Service_v2 (Prod)", "x")).toBe("team-service-v2-prod");
    expect(slug("v*", "tags")).toBe("v");
    expect(slug("***", "tags")).toBe("tags");
  });

  it("numbers the second and later claims of a name, in claim order", () => {
    const names = new UniqueNames();
    expect(["app", "app", "app-2", "app"].map((name) => names.claim(name))).toEqual(["app", "app-2", "app-2-2", "app-3"]);
  });

  it("turns resource names into identifiers that are never keywords or start with a digit", () => {
    expect(identifierOf("team-repo-0001")).toBe("teamRepo0001");
    expect(identifierOf("2fa-service")).toBe("r2faService");
    expect(identifierOf("config")).toBe("configRepository");
  });

  it("matches whole names against a glob", () => {
    const matches = globMatcher("team-*.?");
    expect(["team-a.b", "team-.c", "team-a.bc", "xteam-a.b"].filter(matches)).toEqual(["team-a.b", "team-.c"]);
  });
});

describe("generateProject", () => {
  const key = ed25519Key("ci@example");
  const model = project([
    repository("app", 7, {
      description: "The app",
      protectedBranches: [{ branch: "master", pushAccess: "noOne", mergeAccess: "maintainers" }],
      members: [
        { userId: "u1", userName: "Ann Lee", role: "developer" },
        { userId: "u2", userName: "ann-lee", role: "reader" },
      ],
      webhooks: [{ hookId: 3, url: "https://ci.example.com/x", tokenType: "X-Repo-Token", events: ["push", "note"], hasToken: true }],
      deployKeys: [{ keyId: 11, title: "ci", fingerprint: sshFingerprint(key) }],
    }),
  ]);

  it("declares the repository protected and adopting, and makes what cannot be read config", () => {
    const files = generateProject(model, "codeartsrepo import --project x");
    expect(files["index.ts"]).toContain(
      [
        'const app = new codeartsrepo.Repository("app", {',
        "  projectId,",
        '  name: "app",',
        '  description: "The app",',
        '  visibility: "private",',
        "  adoptExisting: true,",
        "}, { protect: true });",
      ].join("\n"),
    );
    // Two members whose names slug alike get distinct, stable resource names.
    expect(files["index.ts"]).toContain('new codeartsrepo.Member("app-member-ann-lee", {');
    expect(files["index.ts"]).toContain('new codeartsrepo.Member("app-member-ann-lee-2", {');
    expect(files["index.ts"]).toContain('  token: config.getSecret("app-webhook-ci-example-com-token"),');
    expect(files["index.ts"]).toContain('  key: config.require("app-deploy-key-ci-key"),');
    expect(files["index.ts"]).toContain('  canPush: config.requireBoolean("app-deploy-key-ci-can-push"),');
    expect(files["index.ts"]).toContain(`  expectedFingerprint: "${sshFingerprint(key)}",`);
    expect(files["README.md"]).toContain("`pulumi config set app-deploy-key-ci-key <value>`");
    expect(files["README.md"]).toContain("`pulumi config set --secret app-webhook-ci-example-com-token <value>`");
    expect(JSON.parse(files["package.json"]).dependencies["pulumi-codeartsrepo"]).toBe(`^${require("../../package.json").version}`);
  });

  it("gives the same files for the same model", () => {
    expect(generateProject(structuredClone(model), "c")).toEqual(generateProject(model, "c"));
  });

  it("names a repository it does not declare by its ids, and says so", () => {
    const files = generateProject(project([repository("legacy", 9, { declared: false, members: [{ userId: "u1", userName: "ann", role: "maintainer" }] })]), "c");
    expect(files["index.ts"]).not.toContain("new codeartsrepo.Repository(");
    expect(files["index.ts"]).toContain(`  repository: { repositoryId: 9, repositoryUuid: "0009${"a".repeat(28)}" },`);
  });

  it("writes a program that declares nothing when there is nothing, and lists what was skipped", () => {
    const files = generateProject(project([], { skipped: [{ what: 'member "x" of repository "y"', why: "the reason" }] }), "c");
    expect(files["index.ts"]).not.toContain("new codeartsrepo.");
    expect(files["index.ts"]).toContain("// Nothing to declare");
    expect(files["README.md"]).toContain('- member "x" of repository "y": the reason.');
  });
});

describe("withoutManaged", () => {
  const model = project([
    repository("app", 7, { protectedBranches: [{ branch: "master", pushAccess: "noOne", mergeAccess: "maintainers" }] }),
    repository("lib", 8),
  ]);

  it("keeps a managed repository as a reference while some of its objects are left, and drops it otherwise", () => {
    const rest = withoutManaged(model, new Set([`Repository ${model.repositories[0].uuid}`, `Repository ${model.repositories[1].uuid}`]));
    expect(rest.repositories.map((r) => [r.name, r.declared, r.protectedBranches.length])).toEqual([["app", false, 1]]);
    expect(withoutManaged(model, new Set([`Repository ${model.repositories[0].uuid}`, "ProtectedBranch 7:master", `Repository ${model.repositories[1].uuid}`])).repositories).toEqual([]);
  });

  it("reads DIR or DIR:STACK", () => {
    expect(parseStackReference("infra")).toEqual({ dir: "infra" });
    expect(parseStackReference("../infra:prod")).toEqual({ dir: "../infra", stack: "prod" });
  });
});

describe("Label import", () => {
  // A label the service lists but the API would not take (the console is laxer): skipped, not rounded.
  const listed = [
    { id: 2, name: "odd", color: "#12345" },
    { id: 1, name: "bug", color: "#d9534f", description: "", expires_at: "2099-12-31T00:00:00Z" },
  ];
  const reading = (labelCount: number) =>
    ({ id: 7, uuid: "a".repeat(32), v4: async () => ({ label_count: labelCount }), list: async () => listed }) as unknown as RepositoryReading;
  const importer = label.importer as ChildImport;

  it("declares each label the provider's check accepts, by name, with its day of expiry, and says why it leaves one out", async () => {
    expect(await importer.read(reading(2))).toEqual({
      items: [{ labelId: 1, name: "bug", color: "#d9534f", expiresAt: "2099-12-31" }],
      skipped: [{ what: 'label "odd"', why: expect.stringMatching(/^the provider would refuse it: color must be a color as #rrggbb or #rgb/) }],
    });
  });

  it("lists no labels of a repository that counts none", async () => {
    expect(await importer.read(reading(0))).toEqual({ items: [], skipped: [] });
  });

  it("writes a Label after the repository's other objects, and recognises a managed one by its resource id", () => {
    const model = project([repository("app", 7, { labels: [{ labelId: 1, name: "bug", color: "#d9534f" }], deployKeys: [{ keyId: 11, title: "ci", fingerprint: "SHA256:x" }] })]);
    const index = generateProject(model, "c")["index.ts"];
    expect(index).toContain(['new codeartsrepo.Label("app-label-bug", {', "  repository: app,", '  name: "bug",', '  color: "#d9534f",', "  adoptExisting: true,", "});"].join("\n"));
    expect(index.indexOf("codeartsrepo.Label(")).toBeGreaterThan(index.indexOf("codeartsrepo.DeployKey("));
    expect(withoutManaged(model, new Set(["Label 7/1"])).repositories[0].labels).toEqual([]);
  });
});

describe("ProjectWebhook import", () => {
  const hook = { hookId: 31, url: "https://audit.example.com/h", name: "audit", tokenType: "X-Repo-Token" as const, events: ["push" as const], branchFilter: "^master$", hasToken: true };
  const model = project([repository("app", 7)], { projectWebhooks: [hook] });

  it("writes a project's hook after the repositories, by the project id, its token as optional secret config", () => {
    const files = generateProject(model, "c");
    const index = files["index.ts"];
    expect(index).toContain(`const projectId = "${PROJECT}";`);
    expect(index).toContain(
      [
        'new codeartsrepo.ProjectWebhook("project-webhook-audit", {',
        "  projectId,",
        '  url: "https://audit.example.com/h",',
        '  name: "audit",',
        '  tokenType: "X-Repo-Token",',
        '  events: ["push"],',
        '  branchFilter: "^master$",',
        '  token: config.getSecret("project-webhook-audit-token"),',
        "  adoptExisting: true,",
        "});",
      ].join("\n"),
    );
    expect(index.indexOf("codeartsrepo.ProjectWebhook(")).toBeGreaterThan(index.indexOf("codeartsrepo.Repository("));
    expect(files["README.md"]).toContain("pulumi config set --secret project-webhook-audit-token <value>");
  });

  it("declares the project id for the hooks alone, and leaves out a hook a stack manages by its resource id", () => {
    const onlyHooks = { ...model, repositories: [] };
    expect(generateProject(onlyHooks, "c")["index.ts"]).toContain(`const projectId = "${PROJECT}";`);
    expect(withoutManaged(model, new Set([`ProjectWebhook ${PROJECT}/31`])).projectWebhooks).toEqual([]);
    expect(withoutManaged(model, new Set([`ProjectWebhook ${PROJECT}/32`])).projectWebhooks).toEqual([hook]);
  });
});

describe("parseImportArguments", () => {
  it("reads the flags, with provider settings as overrides", () => {
    expect(parseImportArguments(["--project", PROJECT, "--out", "o", "--include-ssh-keys", "--repositories", "a*", "--endpoint", "http://h", "--rate-limit", "300"])).toEqual({
      projectId: PROJECT,
      out: "o",
      includeSshKeys: true,
      repositories: "a*",
      language: "typescript",
      settings: { endpoint: "http://h", rateLimitPerMinute: "300" },
    });
    expect(parseImportArguments(["--project", PROJECT, "--out", "o", "--language", "python"])).toMatchObject({ language: "python" });
  });

  it("refuses unknown options, a flag without its value, a language it cannot write, and a missing --out", () => {
    expect(() => parseImportArguments(["--project", PROJECT, "--out", "o", "--token", "t"])).toThrow("unknown option --token");
    expect(() => parseImportArguments(["--project", PROJECT, "--out", "o", "--language", "go"])).toThrow('--language takes typescript, yaml or python, not "go"');
    expect(() => parseImportArguments(["--project", "--out", "o"])).toThrow("--project needs a value");
    expect(() => parseImportArguments(["--project", PROJECT])).toThrow("--out is required");
  });
});

describe("DeployKey expectedFingerprint", () => {
  const listed = ed25519Key("listed@example");
  const inputs = { repositoryId: 7, repositoryUuid: "a".repeat(32), title: "ci", expectedFingerprint: sshFingerprint(listed) };

  it("accepts the listed key's text, with another comment", async () => {
    const text = listed.replace("listed@example", "renamed");
    expect((await deployKeys.check!({}, { ...inputs, key: text })).failures ?? []).toEqual([]);
  });

  it("leaves a key unknown at preview to the update", async () => {
    expect((await deployKeys.check!({}, { ...inputs, key: UNKNOWN })).failures ?? []).toEqual([]);
  });

  it("refuses another key before any call, naming both fingerprints", async () => {
    const other = ed25519Key("other@example");
    expect((await deployKeys.check!({}, { ...inputs, key: other })).failures).toEqual([
      { property: "key", reason: `is another key than the one expectedFingerprint names (${sshFingerprint(listed)}; this key is ${sshFingerprint(other)})` },
    ]);
  });
});

describe("generatePluginProject (--language yaml|python)", () => {
  const model = project(
    [
      repository("app", 7, {
        protectedBranches: [{ branch: "master", pushAccess: "noOne", mergeAccess: "maintainers" }],
        members: [{ userId: "u1", userName: "Ann Lee", role: "developer" }],
        webhooks: [{ hookId: 3, url: "https://ci.example.com/x", tokenType: "X-Repo-Token", events: ["push"], hasToken: true }],
        deployKeys: [{ keyId: 11, title: "ci", fingerprint: "SHA256:x" }],
        labels: [{ labelId: 5, name: "bug" }],
      }),
    ],
    {
      sshKeys: [{ keyId: 21, title: "laptop", key: ed25519Key("laptop@example") }],
      projectWebhooks: [{ hookId: 31, url: "https://audit.example.com/h", name: "audit", tokenType: "X-Repo-Token", events: ["mergeRequest"], hasToken: true }],
    },
  );
  const uuid = model.repositories[0].uuid;

  it("lists every object by its import id, named as the TypeScript program names it", () => {
    const entries = importEntries(model);
    expect(entries.map(({ type, name, id }) => `${type} ${name} ${id}`)).toEqual([
      `codeartsrepo:index:Repository app ${uuid}`,
      "codeartsrepo:index:ProtectedBranch app-branch-master 7/master",
      `codeartsrepo:index:Member app-member-ann-lee ${uuid}/u1`,
      "codeartsrepo:index:Webhook app-webhook-ci-example-com 7/3",
      "codeartsrepo:index:DeployKey app-deploy-key-ci 7/11",
      "codeartsrepo:index:Label app-label-bug 7/bug",
      `codeartsrepo:index:ProjectWebhook project-webhook-audit ${PROJECT}/31`,
      "codeartsrepo:index:SSHKey ssh-key-laptop 21",
    ]);
    // The TypeScript program gives the same objects the same names.
    const index = generateProject(model, "codeartsrepo import")["index.ts"];
    for (const { name } of entries) expect(index).toContain(`"${name}"`);
  });

  it("writes a YAML project whose README says how to import and where the code goes", () => {
    const files = generatePluginProject(projectSource(model), "codeartsrepo import --project x --language yaml", "yaml");
    expect(Object.keys(files)).toEqual(["Pulumi.yaml", "package.json", "import.json", "README.md"]);
    expect(files["Pulumi.yaml"]).toContain("runtime: yaml\nplugins:\n  providers:\n    - name: codeartsrepo\n      path: node_modules/pulumi-codeartsrepo/bin\n");
    expect(JSON.parse(files["import.json"]).resources).toHaveLength(8);
    expect(files["README.md"]).toContain("pulumi import --file import.json --out resources.yaml --yes\ncat resources.yaml >> Pulumi.yaml && rm resources.yaml\n");
  });

  it("writes a Python project whose README generates the SDK into its virtualenv, as the package's README does", () => {
    const files = generatePluginProject(projectSource(model), "codeartsrepo import --project x --language python", "python");
    expect(files["Pulumi.yaml"]).toContain("runtime:\n  name: python\n  options:\n    virtualenv: venv\n");
    const steps = /```sh\n([\s\S]*?)```/.exec(files["README.md"])![1];
    expect(steps).toContain(
      "npm install\npulumi package gen-sdk node_modules/pulumi-codeartsrepo/plugin/schema.json --language python --out sdk\npython3 -m venv venv\nvenv/bin/pip install ./sdk/python\n",
    );
    expect(steps).toContain("pulumi import --file import.json --out __main__.py --yes\npulumi preview --expect-no-changes\n");
    // The same commands as the package README's Python quickstart, which a test runs.
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    expect(readme).toContain("pulumi package gen-sdk node_modules/pulumi-codeartsrepo/plugin/schema.json --language python --out sdk\npython3 -m venv venv\nvenv/bin/pip install ./sdk/python\n");
  });
});
