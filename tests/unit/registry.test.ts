/**
 * The registry (provider/registry.ts) is the one list of kinds; everything else that names the
 * kinds is derived from it. This holds the places the compiler cannot: the module the shim loads,
 * the package's exports, the SDK class and the route each unmanaged-object list reads.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RESOURCES, resourceOfType } from "../../provider/registry";
import { routes } from "../../api/routes";
import type { Importing } from "../../provider/importing";
import { describeObject, RepositoryNames } from "../../gitops/objects";
import { repositoryRoot } from "../support/packages";

describe("the resource registry", () => {
  it("names each kind and each Pulumi type once", () => {
    const kinds = RESOURCES.map(({ kind }) => kind);
    const types = RESOURCES.map(({ type }) => type);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(RESOURCES.map((resource) => [resource.kind, resource] as const))("%s: the module the shim loads serves this descriptor's provider", (kind, resource) => {
    // What `pulumi-codeartsrepo/provider/<kind>` resolves to in a stack's `__provider`.
    const module = require(join(repositoryRoot, "provider", kind)) as { provider: unknown };
    expect(module.provider).toBe(resource.provider);
  });

  it.each(RESOURCES.map((resource) => [resource.type, resource] as const))("%s: the package exports its SDK class from sdk/<kind>.ts", (type, resource) => {
    const exported = (require(join(repositoryRoot, "index")) as Record<string, unknown>)[type];
    expect(typeof exported).toBe("function");
    expect((exported as { prototype: unknown }).prototype).toBeInstanceOf(pulumi.dynamic.Resource);
    const sdk = require(join(repositoryRoot, "sdk", resource.kind)) as Record<string, unknown>;
    expect(sdk[type]).toBe(exported);
    // The class hands the engine this kind's shim (one shim per kind).
    expect(readFileSync(join(repositoryRoot, "sdk", `${resource.kind}.ts`), "utf8")).toContain(`"${resource.kind}"`);
  });

  it("has every resource class the package exports", () => {
    const index = require(join(repositoryRoot, "index")) as Record<string, unknown>;
    const classes = Object.entries(index)
      .filter(([, value]) => typeof value === "function" && (value as { prototype: unknown }).prototype instanceof pulumi.dynamic.Resource)
      .map(([name]) => name);
    expect(classes.sort()).toEqual(RESOURCES.map(({ type }) => type).sort());
  });

  it.each(RESOURCES.filter(({ report }) => report.unmanaged).map((resource) => [resource.type, resource.report.unmanaged!, resource.report.holder] as const))(
    "%s: its unmanaged objects come from a paged list of its holder (a repository, or a project for a project's kind)",
    (_type, unmanaged, holder) => {
      const route = routes[unmanaged.list as keyof typeof routes];
      expect(route.method).toBe("GET");
      expect(route.path).toContain(holder === "project" ? "{project_id}" : "{repository_id}");
      expect("paging" in route && route.paging).toBeTruthy();
    },
  );

  it.each(RESOURCES.filter(({ report }) => report.unmanaged).map((resource) => [resource.type, resource] as const))(
    "%s: a repository child the service lists is imported by `codeartsrepo import`, or its descriptor says why not",
    (_type, resource) => {
      const importer = resource.importer as Importing | undefined;
      expect(importer).toBeDefined();
      if (importer && "notImported" in importer) expect(importer.notImported.trim()).not.toBe("");
      else expect(importer).toEqual(expect.objectContaining({ field: expect.any(String), order: expect.any(Number), read: expect.any(Function), declare: expect.any(Function) }));
    },
  );

  it("gives each imported kind its own model field and place in the program", () => {
    const importers = RESOURCES.flatMap(({ importer }) => (importer && "field" in importer ? [importer] : []));
    expect(new Set(importers.map(({ field }) => field)).size).toBe(importers.length);
    expect(new Set(importers.map(({ order }) => order)).size).toBe(importers.length);
  });

  it("names every kind in drift reports by its label, and looks a type up by name", () => {
    const names = new RepositoryNames([]);
    for (const { type, report } of RESOURCES) {
      const object = describeObject(type, { repositoryId: 7, [report.key[0] ?? "x"]: "it" }, names, "fallback");
      if (report.holder !== "none") expect(object).toContain(report.label);
      expect(resourceOfType(type)?.type).toBe(type);
    }
    expect(resourceOfType("NotOurs")).toBeUndefined();
  });

  it("has an sdk/ and a provider/ file per kind and nothing in sdk/ beyond them and the shared files", () => {
    for (const { kind } of RESOURCES) {
      expect(existsSync(join(repositoryRoot, "sdk", `${kind}.ts`))).toBe(true);
      expect(existsSync(join(repositoryRoot, "provider", `${kind}.ts`))).toBe(true);
    }
  });
});
