/**
 * The provider plugin's translations that need no engine: type tokens to kinds, Configure's args
 * to the provider's config keys, the detailed diff, and the inputs an import records.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { configFromArgs, detailedDiff, kindOfToken } from "../../plugin/server";
import { declaredInputs, inputDefaults } from "../../provider/resource";
import { RESOURCES } from "../../provider/registry";
import { asSecret } from "../../provider/secrets";
import { UNKNOWN } from "../../provider/validation";

const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const { Kind } = providerPb.PropertyDiff;

describe("plugin type tokens", () => {
  it.each(RESOURCES.map((resource) => [resource.type, resource] as const))("codeartsrepo:index:%s is its kind", (type, resource) => {
    expect(kindOfToken(`codeartsrepo:index:${type}`)).toBe(resource);
  });

  it("refuses a token that is not ours, listing the ones there are", () => {
    expect(() => kindOfToken("codeartsrepo:index:Repo")).toThrow(/has no resource type "codeartsrepo:index:Repo"; it has codeartsrepo:index:Repository, /);
    expect(() => kindOfToken("gitlab:index:Project")).toThrow(/has no resource type/);
  });
});

describe("plugin Configure args", () => {
  it("keys each setting under codeartsrepo:, reveals secrets, writes non-strings as JSON and drops unknowns", () => {
    expect(configFromArgs({ endpoint: "http://127.0.0.1:1", token: asSecret("t0k3n"), maxRetries: 3, adoptExisting: true, region: UNKNOWN, iamEndpoint: null })).toEqual({
      "codeartsrepo:endpoint": "http://127.0.0.1:1",
      "codeartsrepo:token": "t0k3n",
      "codeartsrepo:maxRetries": "3",
      "codeartsrepo:adoptExisting": "true",
    });
  });
});

describe("plugin detailed diff", () => {
  const fields = ["name", "role", "description", "token"];

  it("is empty when the kind's diff sees no change, whatever the values", () => {
    expect(detailedDiff({ role: "developer" }, { role: "maintainer" }, fields, { changes: false }).size).toBe(0);
  });

  it("marks replacing fields as replacements and other differing inputs as updates", () => {
    const details = detailedDiff({ name: "a", role: "developer" }, { name: "b", role: "maintainer" }, fields, { changes: true, replaces: ["name"] });
    expect(Object.fromEntries(details)).toEqual({ name: Kind.UPDATE_REPLACE, role: Kind.UPDATE });
  });

  it("says add or delete when one side is absent", () => {
    const details = detailedDiff({ description: "old", name: "a" }, { token: "new", name: "a" }, fields, { changes: true, replaces: ["token"] });
    expect(Object.fromEntries(details)).toEqual({ token: Kind.ADD_REPLACE, description: Kind.DELETE });
  });

  it("names only input fields: an output the program never sets is not a change", () => {
    const details = detailedDiff({ role: "developer", memberId: "7" }, { role: "maintainer" }, fields, { changes: true });
    expect([...details.keys()]).toEqual(["role"]);
  });
});

describe("the inputs an import records", () => {
  const schema = z.object({ name: z.string(), visibility: z.enum(["private", "public"]).default("private"), adoptExisting: z.boolean().default(false), description: z.string().optional() });

  it("are the outputs' input fields, less those equal to their default", () => {
    expect(declaredInputs(schema, { name: "app", visibility: "private", adoptExisting: false, description: "d", repositoryId: 7 })).toEqual({ name: "app", description: "d" });
    expect(declaredInputs(schema, { name: "app", visibility: "public" })).toEqual({ name: "app", visibility: "public" });
  });

  it("compare a secret output by its value", () => {
    const withSecret = z.object({ token: z.string().default("none") });
    expect(declaredInputs(withSecret, { token: asSecret("none") })).toEqual({});
    expect(declaredInputs(withSecret, { token: asSecret("s3cret") })).toEqual({ token: asSecret("s3cret") });
  });

  it("default to what a program leaving a field out gets", () => {
    expect(inputDefaults(schema)).toEqual({ visibility: "private", adoptExisting: false });
  });

  // The README's table of import ids (section "`pulumi import`"): one row per kind, its format as the descriptor states it.
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("### `pulumi import`"), readme.indexOf("### Moving a TypeScript stack"));
  const rows = Object.fromEntries([...table.matchAll(/^\| (\w+) \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]));

  it.each(RESOURCES.map((resource) => [resource.type, resource] as const))("%s states its import id format, or why it cannot be imported, as the README's table does", (type, resource) => {
    const spec = resource.importId;
    if ("notImported" in spec) {
      expect(spec.notImported.length).toBeGreaterThan(20);
      expect(rows[type]).toMatch(/^not imported: /);
    } else {
      // A file adds the branch it is on: <repository>/<filePath>@<branch>.
      expect(spec.format).toMatch(/^<\w+>(\/<[\w ]+>(@<\w+>)?)?$/);
      expect(rows[type]).toMatch(new RegExp(`^\`${spec.format.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\``));
    }
  });

  it("has no README row for a kind the registry does not have", () => {
    expect(Object.keys(rows).filter((type) => type !== "type").sort()).toEqual(RESOURCES.map(({ type }) => type).sort());
  });
});
