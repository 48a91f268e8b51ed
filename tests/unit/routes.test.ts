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

  it("has no two routes that answer the same request", () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path.replace(/\{[a-z_]+\}/g, "{}")}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("marks exactly these creates (POST) as not safe to retry blindly", () => {
    // The POSTs left out are safe to repeat: a second IAM token harms nothing, a branch name is
    // unique (§4.10.1), and a statistics trigger cannot pile up runs (seed 000).
    const UNSAFE_ROUTES = [
      "addRepositoryMembers: POST repo",
      "createBranchV4: POST repo",
      "createCommit: POST repo",
      "createDeployKey: POST repo",
      "createProtectedBranches: POST repo",
      "createProtectedTags: POST repo",
      "createRepository: POST repo",
      "createRepositoryWebhook: POST repo",
      "createSshKey: POST repo",
    ];
    const unsafe = Object.entries(routes).filter(([, r]) => !r.idempotent);
    expect(unsafe.map(([name, r]) => `${name}: ${r.method} ${r.service}`).sort()).toEqual(UNSAFE_ROUTES);
  });
});
