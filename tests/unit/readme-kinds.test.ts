/**
 * The README's table of every kind and the calls behind it, held both ways: to the registry (a
 * row per registered kind, no row for a kind that does not exist) and to the route table (every
 * call it names is a route with that method and path, and every route the provider has is named).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { routes } from "../../api/routes";
import { RESOURCES } from "../../provider/registry";

/** Routes a kind's row does not name, each with why. */
const NOT_IN_TABLE: Record<string, string> = {
  iamCreateToken: "signs in for every kind; the paragraph above the table names it",
};

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

function tableRows(): string[][] {
  const start = README.indexOf("<!-- kinds:start");
  const end = README.indexOf("<!-- kinds:end -->");
  if (start < 0 || end < start) throw new Error("README.md: no <!-- kinds:start --> … <!-- kinds:end --> table");
  return README.slice(start, end)
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| kind |"))
    .map((line) => line.slice(1, -1).split(" | ").map((cell) => cell.trim()));
}

/** The `METHOD /path` calls a cell names. */
function callsIn(cell: string): string[] {
  return [...cell.matchAll(/`((?:GET|POST|PUT|DELETE|PATCH) \/[^`]*)`/g)].map(([, call]) => call);
}

describe("README: every kind and the calls behind it", () => {
  const rows = tableRows();
  const routeCalls = new Map(Object.entries(routes).map(([name, spec]) => [`${spec.method} ${spec.path}`, name]));

  it("has one row per registered kind, and no other kind", () => {
    const kinds = rows.map(([kind]) => kind).filter((kind) => kind !== "functions");
    expect([...kinds].sort()).toEqual(RESOURCES.map(({ type }) => `\`${type}\``).sort());
  });

  it("names only calls of the route table, by their method and path", () => {
    const unknown = rows.flatMap((row) => row.flatMap(callsIn)).filter((call) => !routeCalls.has(call));
    expect(unknown).toEqual([]);
  });

  it("names every call the provider makes, but the ones listed with a reason", () => {
    const named = new Set(rows.flatMap((row) => row.flatMap(callsIn)).map((call) => routeCalls.get(call)));
    const missing = Object.keys(routes).filter((name) => !named.has(name) && !(name in NOT_IN_TABLE));
    expect(missing).toEqual([]);
    expect(Object.keys(NOT_IN_TABLE).filter((name) => named.has(name))).toEqual([]);
  });
});
