/**
 * Names in a generated program: readable (from the repository's and each object's own names),
 * stable (the same listing gives the same names) and unique (a clash gets "-2", "-3", … in the
 * order objects are generated, which is sorted by the service's names and ids).
 */

/** Lower-case letters, digits and single dashes: a resource name and a config key at once. */
export function slug(text: string, fallback: string): string {
  const cleaned = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return cleaned === "" ? fallback : cleaned;
}

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private " +
    "protected public static yield await config pulumi codeartsrepo projectId")
    .split(" "),
);

/** A TypeScript variable name for a resource name: camelCase, never a keyword or a name the program uses. */
export function identifierOf(resourceName: string): string {
  const words = resourceName.split("-").filter((word) => word !== "");
  const camel = words.map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1))).join("");
  const safe = /^[0-9]/.test(camel) ? `r${camel}` : camel;
  return RESERVED.has(safe) ? `${safe}Repository` : safe;
}

/** Hands out unique names: the first claim of a base gets it as it is, later ones a numbered suffix. */
export class UniqueNames {
  private readonly used = new Set<string>();

  claim(base: string): string {
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}-${n}`;
    this.used.add(name);
    return name;
  }
}

/** A shell glob (`*`, `?`) as a whole-name matcher. */
export function globMatcher(glob: string): (name: string) => boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  const regex = new RegExp(`^(?:${pattern})$`);
  return (name) => regex.test(name);
}
