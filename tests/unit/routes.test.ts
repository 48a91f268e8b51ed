import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fillPath, matchPath, routes } from "../../api/routes";

describe("route table", () => {
  it("fills path parameters, percent-encoding each as one segment", () => {
    expect(fillPath("/v1/projects/{project_uuid}/repositories/validation/{repository_name}", {
      project_uuid: "abc",
      repository_name: "a b/c",
    })).toBe("/v1/projects/abc/repositories/validation/a%20b%2Fc");
  });

  it("refuses to build a path with a missing parameter", () => {
    expect(() => fillPath("/v2/repositories/{repository_uuid}", {})).toThrow("repository_uuid");
  });

  it("matches what it fills, decoding parameters", () => {
    const template = routes.validateRepositoryName.path;
    const params = { project_uuid: "0123456789abcdef0123456789abcdef", repository_name: "ünï code" };
    expect(matchPath(template)(fillPath(template, params))).toEqual(params);
    expect(matchPath(template)("/v1/projects/x/repositories/validation")).toBeUndefined();
  });

  it("declares a write's reach only with coalesced list routes of the same repository (or project), and only on writes", () => {
    // A misspelled name here would make a write keep a list it changed: checked, not typed.
    const declared = Object.entries(routes).filter(([, r]) => "changes" in r && r.changes !== undefined);
    expect(declared.length).toBeGreaterThan(0);
    for (const [name, route] of declared) {
      expect([name, route.method === "GET"]).toEqual([name, false]);
      for (const list of (route as { changes: readonly string[] }).changes) {
        const target = (routes as Record<string, { method: string; coalesce?: boolean; path: string }>)[list];
        expect([name, list, target?.method, target?.coalesce]).toEqual([name, list, "GET", true]);
        // The list's holder (its first path parameter) is the write's: a repository's, or a project's hooks.
        const holder = (path: string) => (path.includes("{repository_") ? "repository" : path.includes("{project_id}") ? "project" : undefined);
        expect([name, list, holder(target.path)]).toEqual([name, list, holder(route.path)]);
        expect([name, holder(route.path)]).not.toEqual([name, undefined]);
      }
    }
  });

  it("has no two routes that answer the same request", () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path.replace(/\{[a-z_]+\}/g, "{}")}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("marks exactly these creates (POST) as not safe to retry blindly", () => {
    // The POSTs left out are safe to repeat: a second IAM token harms nothing, and a statistics
    // trigger cannot pile up runs (v4 digest §8.1).
    const UNSAFE_ROUTES = [
      "addRepositoryMembers: POST repo",
      "createApproverSetting: POST repo",
      "createBranchV4: POST repo",
      "createDeployKey: POST repo",
      "createFile: POST repo",
      "createFilePushPermission: POST repo",
      "createLabel: POST repo",
      "createProjectWebhook: POST repo",
      "createProtectedBranches: POST repo",
      "createProtectedTags: POST repo",
      "createRepository: POST repo",
      "createRepositoryWebhook: POST repo",
      "createSshKey: POST repo",
      "createTag: POST repo",
      "createTrustedIpAddress: POST repo",
    ];
    const unsafe = Object.entries(routes).filter(([, r]) => !r.idempotent);
    expect(unsafe.map(([name, r]) => `${name}: ${r.method} ${r.service}`).sort()).toEqual(UNSAFE_ROUTES);
  });

  it("holds only routes the provider, the SDK or the client itself calls (emulator-only ones are in emulator/routes.ts)", () => {
    const root = join(__dirname, "..", "..");
    const sources = ["provider", "sdk", "api"].flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".ts") && !file.startsWith("routes"))
        .map((file) => readFileSync(join(root, dir, file), "utf8")),
    );
    const unused = Object.keys(routes).filter((name) => !sources.some((text) => text.includes(`"${name}"`)));
    expect(unused).toEqual([]);
  });
});
