/**
 * `--sarif`: the report as SARIF 2.1.0, checked against the OASIS schema (tests/support/sarif.ts),
 * on hand-made reports ranked by the real severity rules.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { combineReports } from "../../gitops/drift";
import { DriftReport, Finding, GitopsReport, PreviewReport } from "../../gitops/report";
import { informationUriOf, toSarif } from "../../gitops/sarif";
import { RULES, ranked } from "../../gitops/severity";
import { masked } from "../../gitops/stack";
import { sarifSchemaErrors } from "../support/sarif";

function expectValidSarif(text: string): SarifLog {
  const log = JSON.parse(text);
  expect(sarifSchemaErrors(log)).toEqual([]);
  return log;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: Array<{ name: string; fullyQualifiedName: string; kind: string }> }>;
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: string };
  properties: { "security-severity": string; tags: string[] };
}
interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } };
    automationDetails: { id: string };
    invocations: Array<{ executionSuccessful: boolean; endTimeUtc: string }>;
    results: SarifResult[];
    properties: { notes: string[] };
  }>;
}

const WEBHOOK_TOKEN = "whsec-7c1d2e9f-never-in-a-report";
const pulumiSecret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: JSON.stringify(WEBHOOK_TOKEN) };

/** A finding as drift makes it: severity and rule from the real table. */
const finding = (fields: Omit<Finding, "severity" | "rule">): Finding => ranked({ ...fields, severity: "low" });

const roleRaised = finding({
  kind: "changed",
  resourceType: "Member",
  name: "bob",
  urn: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:Member::bob",
  object: "payments-svc · member bob",
  fields: [{ field: "role", recorded: "developer", live: "maintainer", desired: "developer" }],
});
const unknownRole = finding({
  kind: "changed",
  resourceType: "Member",
  name: "carol",
  urn: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:Member::carol",
  object: "payments-svc · member carol",
  fields: [{ field: "role", recorded: "reader", live: "unknown(Auditor)", desired: "reader", note: "no program role names the service's role Auditor" }],
});
const keyDeleted = finding({
  kind: "deleted",
  resourceType: "DeployKey",
  name: "ci",
  urn: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:DeployKey::ci",
  object: "payments-svc · deploy key ci (read-only)",
  fields: [{ field: "canPush", recorded: false, live: null, desired: false }],
});
const hookUnmanaged = finding({
  kind: "unmanaged",
  resourceType: "Webhook",
  name: "exfil",
  urn: null,
  object: "payments-svc · webhook exfil",
  identity: { repositoryId: 7, repositoryUuid: "9d1c0f3a5b7e4d2c8a6f1e3b5d7c9a0b", id: "41", name: "exfil" },
  fields: [
    { field: "url", recorded: null, live: "https://collector.example.net/hook", desired: null },
    { field: "token", recorded: null, live: masked(pulumiSecret), desired: null },
  ],
});
const descriptionEdited = finding({
  kind: "changed",
  resourceType: "Repository",
  name: "team",
  urn: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:Repository::team",
  object: "payments-svc",
  fields: [{ field: "description", recorded: "Service owned by\nthe platform team", live: "edited in the console", desired: "Service owned by\nthe platform team" }],
});

function driftReport(findings: Finding[], generatedAt = "2026-11-30T02:00:00.000Z"): DriftReport {
  const count = (kind: string) => findings.filter((f) => f.kind === kind).length;
  return DriftReport.parse({
    version: 1,
    stack: "dev",
    generatedAt,
    summary: { resources: 9, changed: count("changed"), deleted: count("deleted"), unmanaged: count("unmanaged") },
    findings,
    notes: ["Webhook tokens cannot be read back: a token changed in the console is not seen (payments-svc · webhook ci)."],
  });
}

const stackFile = (stack: string) => `infra/Pulumi.${stack}.yaml`;
const nightly = driftReport([keyDeleted, roleRaised, unknownRole, descriptionEdited, hookUnmanaged]);

describe("toSarif on a drift report", () => {
  const text = toSarif(nightly, { stackFile });
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0];
  const resultOf = (name: string) => run.results.find((result) => result.locations[0].logicalLocations[0].name === name)!;

  it("is valid by the SARIF 2.1.0 schema", () => {
    expectValidSarif(text);
  });

  it("is JSON indented by two spaces, ending with a line break", () => {
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + "\n");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
  });

  it("names the tool and declares every severity rule, as code scanning reads them", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8"));
    expect(run.tool.driver).toMatchObject({ name: "codeartsrepo", version: manifest.version });
    expect(run.tool.driver.informationUri).toBe(informationUriOf(manifest));
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(run.tool.driver.rules.find((rule) => rule.id === "member-role-raised")).toEqual({
      id: "member-role-raised",
      name: "MemberRoleRaised",
      shortDescription: { text: "A member's role was raised, or changed to a role no program word names" },
      fullDescription: { text: expect.stringMatching(/^A member's role was raised, .*\. Ranked high: /) },
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "8.0", tags: ["security", "drift"] },
    });
    const bySeverity = Object.fromEntries(RULES.map((rule, i) => [rule.severity, run.tool.driver.rules[i]]));
    expect(bySeverity.medium).toMatchObject({ defaultConfiguration: { level: "warning" }, properties: { "security-severity": "5.0" } });
    expect(bySeverity.low).toMatchObject({ defaultConfiguration: { level: "note" }, properties: { "security-severity": "2.0" } });
  });

  it("has one result per finding, with the finding's rule and its level", () => {
    expect(run.results.map((result) => [result.ruleId, result.level])).toEqual([
      ["deploy-key-removed", "warning"],
      ["member-role-raised", "error"],
      ["member-role-raised", "error"],
      ["descriptive-field-changed", "note"],
      ["webhook-unmanaged", "error"],
    ]);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
  });

  it("says what happened in the program's words, a field's note included, on one line", () => {
    expect(resultOf("bob").message.text).toBe("payments-svc · member bob (Member bob): role recorded developer, live maintainer, program developer");
    expect(resultOf("carol").message.text).toBe(
      "payments-svc · member carol (Member carol): role recorded reader, live unknown(Auditor), program reader (no program role names the service's role Auditor)",
    );
    expect(resultOf("ci").message.text).toBe("payments-svc · deploy key ci (read-only) (DeployKey ci): deleted outside the program; canPush recorded false, live —, program false");
    expect(resultOf("exfil").message.text).toBe(
      "payments-svc · webhook exfil (Webhook exfil): declared by no resource; url recorded —, live https://collector.example.net/hook, program —; token recorded —, live [secret], program —",
    );
    expect(resultOf("team").message.text).toBe(
      "payments-svc (Repository team): description recorded Service owned by the platform team, live edited in the console, program Service owned by the platform team",
    );
  });

  it("points each result at the stack's config file and names the resource as a logical location", () => {
    expect(resultOf("bob").locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: "infra/Pulumi.dev.yaml" }, region: { startLine: 1 } },
        logicalLocations: [{ name: "bob", fullyQualifiedName: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:Member::bob", kind: "resource" }],
      },
    ]);
    // An unmanaged object has no URN: the object's description stands in.
    expect(resultOf("exfil").locations[0].logicalLocations[0].fullyQualifiedName).toBe("payments-svc · webhook exfil");
    expect(resultOf("exfil").properties).toEqual({ kind: "unmanaged", resourceType: "Webhook", object: "payments-svc · webhook exfil", severity: "high", stack: "dev" });
  });

  it("records the run: when it ended, the report's notes, and a category per command and stack", () => {
    expect(run.invocations).toEqual([{ executionSuccessful: true, endTimeUtc: "2026-11-30T02:00:00.000Z" }]);
    expect(run.properties.notes).toEqual(nightly.notes);
    expect(run.automationDetails.id).toBe("drift/dev/");
  });

  it("carries no secret: a masked value stays masked, and nothing else from the secret appears", () => {
    expect(text).toContain("[secret]");
    for (const leaked of [WEBHOOK_TOKEN, pulumiSecret.plaintext, pulumiSecret["4dabf18193072939515e22adb298388d"]]) expect(text).not.toContain(leaked);
  });
});

describe("fingerprints", () => {
  const fingerprints = (report: GitopsReport, options = { stackFile }) =>
    Object.fromEntries((JSON.parse(toSarif(report, options)) as SarifLog).runs[0].results.map((r) => [r.locations[0].logicalLocations[0].name, r.partialFingerprints]));

  it("are the same the next night for the same drift, whatever the time, the order and the file's place", () => {
    const tonight = fingerprints(nightly);
    const reordered = driftReport([hookUnmanaged, roleRaised, descriptionEdited, keyDeleted, unknownRole], "2026-12-01T02:00:00.000Z");
    const tomorrow = fingerprints(reordered, { stackFile: (stack) => `ops/Pulumi.${stack}.yaml` });
    expect(tomorrow).toEqual(tonight);
    expect(tonight.bob).toEqual({ "codeartsrepoFinding/v1": expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("differ between findings, between stacks, and when the same object drifts by another rule", () => {
    const values = Object.values(fingerprints(nightly)).map((f) => f["codeartsrepoFinding/v1"]);
    expect(new Set(values).size).toBe(values.length);
    expect(fingerprints({ ...nightly, stack: "prod" }).bob).not.toEqual(fingerprints(nightly).bob);
    const lowered = finding({ ...roleRaised, fields: [{ field: "role", recorded: "maintainer", live: "developer", desired: "maintainer" }] });
    expect(lowered.rule).toBe("member-role-lowered");
    expect(fingerprints(driftReport([lowered])).bob).not.toEqual(fingerprints(nightly).bob);
  });
});

describe("toSarif on other reports", () => {
  it("a preview: what the program would do, each field from → to", () => {
    const planned = [
      finding({ kind: "update", resourceType: "Member", name: "bob", urn: roleRaised.urn, object: roleRaised.object, fields: [{ field: "role", recorded: "developer", live: null, desired: "maintainer" }] }),
      finding({
        kind: "replace",
        resourceType: "DeployKey",
        name: "ci",
        urn: keyDeleted.urn,
        object: keyDeleted.object,
        fields: [{ field: "key", recorded: "ssh-ed25519 AAAA…old", live: null, desired: "ssh-ed25519 AAAA…new", forcesReplacement: true }],
      }),
      finding({ kind: "delete", resourceType: "Repository", name: "team", urn: descriptionEdited.urn, object: "payments-svc", fields: [] }),
    ];
    const summary = { resources: 9, create: 0, update: 1, replace: 1, delete: 1 };
    const report = PreviewReport.parse({ version: 1, command: "preview", stack: "dev", generatedAt: "2026-11-30T12:00:00.000Z", summary, findings: planned });
    const run = expectValidSarif(toSarif(report, { stackFile })).runs[0];
    expect(run.results.map((r) => [r.ruleId, r.level, r.message.text])).toEqual([
      ["planned-change", "note", "payments-svc · member bob (Member bob): the program would update it; role developer → maintainer"],
      [
        "planned-replace-or-delete",
        "warning",
        "payments-svc · deploy key ci (read-only) (DeployKey ci): the program would replace it; key ssh-ed25519 AAAA…old → ssh-ed25519 AAAA…new (replaces)",
      ],
      ["planned-repository-loss", "error", "payments-svc (Repository team): the program would delete it"],
    ]);
    expect(run.automationDetails.id).toBe("preview/dev/");
    expect(run.properties.notes).toEqual([]);
  });

  it("a report over several stacks: each result at its own stack's file, its message naming the stack", () => {
    const prodRole = finding({ ...roleRaised, urn: "urn:pulumi:prod::team::pulumi-nodejs:dynamic/codeartsrepo:Member::bob" });
    const report = combineReports([driftReport([roleRaised]), { ...driftReport([prodRole]), stack: "org/team/prod" }]);
    const asked: string[] = [];
    const run = expectValidSarif(toSarif(report, { stackFile: (stack) => (asked.push(stack), stackFile(stack.split("/").pop()!)) })).runs[0];
    expect(asked.sort()).toEqual(["dev", "org/team/prod"]);
    expect(run.results.map((r) => [r.locations[0].physicalLocation.artifactLocation.uri, r.properties.stack, r.message.text.split(" (")[0]])).toEqual([
      ["infra/Pulumi.dev.yaml", "dev", "dev: payments-svc · member bob"],
      ["infra/Pulumi.prod.yaml", "org/team/prod", "org/team/prod: payments-svc · member bob"],
    ]);
    const [dev, prod] = run.results.map((r) => r.partialFingerprints["codeartsrepoFinding/v1"]);
    expect(dev).not.toBe(prod);
    expect(run.automationDetails.id).toBe("drift/dev,org/team/prod/");
  });

  it("a clean run: the rules and no result, so code scanning closes what was fixed", () => {
    const run = expectValidSarif(toSarif(driftReport([]), { stackFile })).runs[0];
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toHaveLength(RULES.length);
  });

  it("encodes a path the way a URI must, so a space in a directory name stays valid", () => {
    const run = expectValidSarif(toSarif(nightly, { stackFile: (stack) => `my infra/Pulumi.${stack}#1.yaml` })).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("my%20infra/Pulumi.dev%231.yaml");
  });

  it("ranks a finding that names no rule (a report written before rules) by the table", () => {
    const { rule: _, ...unranked } = roleRaised;
    const run = expectValidSarif(toSarif(driftReport([unranked as Finding]), { stackFile })).runs[0];
    expect(run.results[0]).toMatchObject({ ruleId: "member-role-raised", ruleIndex: RULES.findIndex((rule) => rule.id === "member-role-raised") });
  });
});

describe("the schema check itself", () => {
  it("refuses a log that breaks the schema: no message, a bad level, a uri with a space", () => {
    const log = JSON.parse(toSarif(nightly, { stackFile }));
    const broken = structuredClone(log);
    delete broken.runs[0].results[0].message;
    broken.runs[0].results[1].level = "fatal";
    broken.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri = "my infra/Pulumi.dev.yaml";
    expect(sarifSchemaErrors(broken)).toEqual(
      expect.arrayContaining([
        { at: "/runs/0/results/0", message: "must have required property 'message'" },
        { at: "/runs/0/results/1/level", message: "must be equal to one of the allowed values" },
        { at: "/runs/0/results/2/locations/0/physicalLocation/artifactLocation/uri", message: 'must match format "uri-reference"' },
      ]),
    );
  });
});

describe("informationUri", () => {
  it("is the package's homepage, else its repository as a web address, else left out", () => {
    expect(informationUriOf({ homepage: "https://example.org/codeartsrepo", repository: "github:x/y" })).toBe("https://example.org/codeartsrepo");
    expect(informationUriOf({ repository: { url: "git+https://git.example.org/team/pulumi-codeartsrepo.git" } })).toBe("https://git.example.org/team/pulumi-codeartsrepo");
    expect(informationUriOf({ repository: "team/pulumi-codeartsrepo" })).toBeUndefined();
    expect(informationUriOf({})).toBeUndefined();
  });
});
