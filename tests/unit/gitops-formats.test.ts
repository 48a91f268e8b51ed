/** The drift/preview report formats and the ignore file, on hand-made reports (no engine). */
import { applyIgnoreRules, parseIgnoreRules } from "../../gitops/ignore";
import { toJUnit, toMarkdown, toText, xmlEscape } from "../../gitops/formats";
import { DriftReport, Finding, GitopsReport, PreviewReport } from "../../gitops/report";
import { masked } from "../../gitops/stack";
import { assertWellFormedXml } from "../support/xml";

const member: Finding = {
  kind: "changed",
  resourceType: "Member",
  name: "bob",
  urn: "urn:pulumi:dev::team::pulumi-nodejs:dynamic/codeartsrepo:Member::bob",
  object: "payments-svc · member bob",
  severity: "high",
  fields: [{ field: "role", recorded: "developer", live: "maintainer", desired: "developer" }],
};
const intruder: Finding = {
  kind: "unmanaged",
  resourceType: "DeployKey",
  name: "laptop <&> 'x' | `y`",
  urn: null,
  object: "payments-svc · deploy key laptop <&> 'x' | `y`",
  severity: "high",
  fields: [{ field: "fingerprint", recorded: null, live: "SHA256:abc", desired: null }],
};

function drift(findings: Finding[]): DriftReport {
  const count = (kind: string) => findings.filter((f) => f.kind === kind).length;
  return DriftReport.parse({
    version: 1,
    stack: "dev",
    generatedAt: "2026-11-30T12:00:00.000Z",
    summary: { resources: 9, changed: count("changed"), deleted: count("deleted"), unmanaged: count("unmanaged") },
    findings,
    notes: ["Webhook tokens cannot be read back."],
  });
}

describe("the report schema", () => {
  it("accepts a version 1 drift report without `command` (the documented shape) and reads it as drift", () => {
    const parsed = GitopsReport.parse({ version: 1, stack: "dev", generatedAt: "2026-11-30T12:00:00.000Z", summary: { resources: 1, changed: 0, deleted: 0, unmanaged: 0 }, findings: [] });
    expect(parsed).toMatchObject({ command: "drift", notes: [] });
  });

  it("refuses another version, an unknown kind and a missing field", () => {
    const good = drift([member]);
    expect(() => GitopsReport.parse({ ...good, version: 2 })).toThrow();
    expect(() => GitopsReport.parse({ ...good, findings: [{ ...member, kind: "moved" }] })).toThrow();
    expect(() => GitopsReport.parse({ ...good, findings: [{ ...member, object: undefined }] })).toThrow();
  });

  it("tells a preview report by its command and summary", () => {
    const preview = PreviewReport.parse({ version: 1, command: "preview", stack: "dev", generatedAt: "2026-11-30T12:00:00.000Z", summary: { resources: 2, create: 1, update: 0, replace: 0, delete: 0 }, findings: [] });
    expect(GitopsReport.parse(preview)).toEqual(preview);
  });
});

describe("secrets", () => {
  it("shows a Pulumi secret value as [secret], at any depth", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
    expect(masked({ token: secret, list: [secret, "plain"], nested: { value: secret } })).toEqual({ token: "[secret]", list: ["[secret]", "plain"], nested: { value: "[secret]" } });
  });
});

describe("Markdown", () => {
  it("is empty when there is nothing to report: nothing is posted", () => {
    expect(toMarkdown(drift([]))).toBe("");
  });

  it("puts a short table first and the per-field detail in a collapsed block, cells escaped", () => {
    const text = toMarkdown(drift([member, intruder]));
    expect(text.split("\n").slice(0, 8)).toEqual([
      "### codeartsrepo drift — stack `dev`",
      "",
      "**1 changed, 1 unmanaged (9 resources)**",
      "",
      "| | Object | Resource | Fields | Severity |",
      "|---|---|---|---|---|",
      "| changed | payments-svc · member bob | Member bob | role | high |",
      "| unmanaged | payments-svc · deploy key laptop <&> 'x' \\| 'y' | DeployKey laptop <&> 'x' \\| 'y' | fingerprint | high |",
    ]);
    expect(text).toContain("<details><summary>Details per field</summary>");
    expect(text).toContain("| role | developer | maintainer | developer |");
    expect(text).toContain("(declared by no resource in the stack)");
    expect(text).toContain("> Webhook tokens cannot be read back.");
  });

  it("flags a field that forces a replacement in a preview", () => {
    const report = PreviewReport.parse({
      version: 1,
      command: "preview",
      stack: "dev",
      generatedAt: "2026-11-30T12:00:00.000Z",
      summary: { resources: 1, create: 0, update: 0, replace: 1, delete: 0 },
      findings: [{ ...member, kind: "replace", resourceType: "DeployKey", fields: [{ field: "key", recorded: "a", live: null, desired: "b", forcesReplacement: true }] }],
    });
    expect(toMarkdown(report)).toContain("| key **(replaces)** | a | b |");
    expect(toText(report)).toContain("key: a → b (replaces)");
  });
});

describe("JUnit XML", () => {
  it("has one failing case per finding, every special character escaped", () => {
    const xml = toJUnit(drift([member, intruder]));
    assertWellFormedXml(xml);
    expect(xml).toContain('<testsuite name="codeartsrepo drift dev" tests="2" failures="2"');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('<testcase classname="codeartsrepo.drift.DeployKey" name="payments-svc · deploy key laptop &lt;&amp;&gt; &apos;x&apos; | `y`">');
    expect(xml).toContain('<failure type="changed" message="changed: role (high)">');
  });

  it("is one passing case when clean, so the CI view shows the check ran", () => {
    const xml = toJUnit(drift([]));
    assertWellFormedXml(xml);
    expect(xml).toContain('failures="0"');
    expect(xml).toContain('<testcase classname="codeartsrepo.drift" name="dev: no drift (9 resources)"/>');
  });

  it("drops characters XML cannot carry", () => {
    expect(xmlEscape("a\u0000b\u001bc")).toBe("abc");
  });

  it("the well-formedness check itself refuses broken XML", () => {
    expect(() => assertWellFormedXml("<a><b></a></b>")).toThrow(/closes/);
    expect(() => assertWellFormedXml("<a>x & y</a>")).toThrow(/bare "&"/);
    expect(() => assertWellFormedXml("<a/><b/>")).toThrow(/more than one root/);
    expect(() => assertWellFormedXml("<a>")).toThrow(/never closed/);
  });
});

describe("the ignore file", () => {
  const rules = parseIgnoreRules(["# comment", "", "DeployKey laptop*   # until Friday", "Member bob role", "Repository * description"].join("\n"), "drift-ignore");

  it("reads `<resourceType> <name> [<field>]` lines, comments and blank lines skipped", () => {
    expect(rules.map(({ resourceType, name, field }) => ({ resourceType, name, field }))).toEqual([
      { resourceType: "DeployKey", name: "laptop*", field: undefined },
      { resourceType: "Member", name: "bob", field: "role" },
      { resourceType: "Repository", name: "*", field: "description" },
    ]);
  });

  it("refuses a malformed line, naming file and line", () => {
    expect(() => parseIgnoreRules("Member\n", "drift-ignore")).toThrow('drift-ignore:1: expected "<resourceType> <name> [<field>]", got "Member"');
  });

  it("leaves out whole objects and single fields; a changed finding with no field left goes", () => {
    const twoFields: Finding = { ...member, fields: [...member.fields, { field: "userName", recorded: "bob", live: "robert", desired: "bob" }] };
    expect(applyIgnoreRules([member, intruder], rules)).toEqual({ findings: [], ignoredObjects: 1, ignoredFields: 1 });
    expect(applyIgnoreRules([twoFields], rules).findings[0].fields.map((f) => f.field)).toEqual(["userName"]);
  });

  it("never empties a deleted or unmanaged finding by its fields", () => {
    const deleted: Finding = { ...member, kind: "deleted" };
    expect(applyIgnoreRules([deleted], rules).findings).toEqual([deleted]);
  });
});
