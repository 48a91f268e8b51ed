/**
 * The 2024 reference's own examples (seeds/004) against the provider's wire schemas: each example
 * request of a call the table makes passes the route's request schema, and each example answer's
 * `result` parses with the route's result schema. Known disagreements are listed with reasons.
 */
import { z } from "zod";
import { RouteSpec } from "../../api/routes";
// The emulator-only routes too: their wire schemas are the emulator's answers.
import { EmulatorRouteName as RouteName, emulatorRoutes as routes } from "../../emulator/routes";
import { pathShape } from "../support/official-catalog";
import { seed004Examples } from "../support/seed-004-examples";

/**
 * Examples the provider's schemas knowingly refuse: route/section/part → why. The test fails if one
 * of these starts passing (the entry is stale) or if any other example fails.
 */
const KNOWN_EXAMPLE_FAILURES: Record<string, string> = {
  "createRepository §4.2.9 request":
    'The example sends import_members "0" and visibility_level "20" as strings; §4.2.9\'s table and the SDK ' +
    "(CreateRepoRequest: int) type them as integers, which is what the provider sends.",
  "listUserRepositories §4.3.1 response":
    "The example's `repositories` is one object with repository_-prefixed names that no table or SDK model has; §4.3.1's " +
    "table and the SDK (RepoListInfoV2.repositories: list[RepoInfoV2]) say an array of RepoInfoV2, as §4.3.4's example shows.",
};

function issuesOf(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  return parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
}

describe("seeds/004 examples against the provider's wire schemas", () => {
  const checked = seed004Examples.map((example) => {
    const spec: RouteSpec | undefined = routes[example.route as RouteName];
    return { example, spec };
  });

  it("every example belongs to a route of the table with the same method and path shape", () => {
    const strays = checked
      .filter(({ example, spec }) => !spec || spec.method !== example.method || pathShape(spec.path) !== pathShape(example.path.replace(/\{\{/g, "{").replace(/\}\}/g, "}")))
      .map(({ example }) => `§${example.section} ${example.route}`);
    expect(strays).toEqual([]);
    expect(checked.length).toBe(17);
  });

  it("example requests pass the request schemas and example results parse with the result schemas", () => {
    const failures: Record<string, string> = {};
    for (const { example, spec } of checked) {
      if (!spec) continue;
      const where = `${example.route} §${example.section}`;
      if (example.request !== undefined) {
        const problem = spec.body ? issuesOf(spec.body, example.request) : "the route sends no body";
        if (problem) failures[`${where} request`] = problem;
      }
      if (example.response !== undefined && spec.style === "envelope") {
        const problem = issuesOf(spec.result, (example.response as { result?: unknown }).result);
        if (problem) failures[`${where} response`] = problem;
      }
    }
    expect(Object.keys(failures).filter((key) => !(key in KNOWN_EXAMPLE_FAILURES)).map((key) => `${key}: ${failures[key]}`)).toEqual([]);
    expect(Object.keys(KNOWN_EXAMPLE_FAILURES).filter((key) => !(key in failures))).toEqual([]);
  });
});
