/**
 * `codeartsrepo import --language yaml|python`: a project for the provider plugin, whose program
 * Pulumi itself writes. Instead of adopting code, the import lists every object with its
 * `pulumi import` id (import.json); `pulumi import --file import.json` then reads each one (reads
 * only), records it in the stack and generates the program in the project's language, with the
 * values the service returns. What it cannot return (a deploy key's text, a webhook's token) the
 * README names, as for the TypeScript program.
 */
import { basename, resolve } from "node:path";
import { RESOURCE_TYPE_PREFIXES, resourceOfType } from "../provider/registry";
import { importIdOf } from "../provider/importing";
import { projectWebhookResourceId } from "../provider/project-webhook";
import { stackResources } from "./exclude";
import { CHILD_KINDS, ImportedProject, objectsOf } from "./model";
import { ProjectNames, ownManifest } from "./generate";
import { slug } from "./names";

export type PluginLanguage = "yaml" | "python";

/** The Python SDK, generated from the installed package's schema into the project's virtualenv (README "Python"). */
const PYTHON_SDK_STEPS = [
  "pulumi package gen-sdk node_modules/pulumi-codeartsrepo/plugin/schema.json --language python --out sdk",
  "python3 -m venv venv",
  "venv/bin/pip install ./sdk/python",
];

/** One entry of `pulumi import --file`. */
interface ImportEntry {
  type: string;
  name: string;
  id: string;
}

/** Every object of the project, named as the TypeScript program would name it, with its import id. */
export function importEntries(project: ImportedProject): ImportEntry[] {
  const names = new ProjectNames();
  const entries: ImportEntry[] = [];
  const type = (name: string) => RESOURCE_TYPE_PREFIXES.plugin + name;
  for (const repository of project.repositories) {
    const { name, base } = names.repository(repository);
    if (repository.declared) entries.push({ type: type("Repository"), name, id: repository.uuid });
    for (const { type: kind, importer } of CHILD_KINDS) {
      for (const item of objectsOf(repository, importer)) entries.push({ type: type(kind), name: names.child(base, importer, item), id: importIdOf(importer, item, repository) });
    }
  }
  for (const hook of project.projectWebhooks) entries.push({ type: type("ProjectWebhook"), name: names.projectWebhook(hook), id: projectWebhookResourceId(project.projectId, hook.hookId) });
  for (const key of project.sshKeys) entries.push({ type: type("SSHKey"), name: names.sshKey(key), id: String(key.keyId) });
  return entries;
}

/** Where `pulumi import` writes the program, and how it becomes the project's. */
const PROGRAM: Record<PluginLanguage, { out: string; then: string }> = {
  // Pulumi.yaml has no `resources:` yet, so the generated block is appended as it is.
  yaml: { out: "resources.yaml", then: "cat resources.yaml >> Pulumi.yaml && rm resources.yaml" },
  python: { out: "__main__.py", then: "" },
};

/** What a plugin project imports, and where it came from. */
export interface PluginProjectSource {
  /** The project's name (`codeartsrepo-<project id prefix>`). */
  name: string;
  /** Where the objects were found: "CodeArts project `…`", "stack `…`". */
  origin: string;
  entries: ImportEntry[];
  skipped: { what: string; why: string }[];
  /** For a move from a dynamic stack: the URNs that stack forgets once the import is done. */
  moved?: { stack: string; urns: string[] };
}

/**
 * The project that takes over a stack's objects (codeartsrepo import --from-stack …): each by its
 * import id from the outputs the stack recorded (the kind's `importId.of`), under the resource
 * name it has there. No API call: the stack already knows them.
 */
export function stackSource(reference: { dir: string; stack?: string }): PluginProjectSource {
  const entries: ImportEntry[] = [];
  const skipped: { what: string; why: string }[] = [];
  const urns: string[] = [];
  for (const resource of stackResources(reference, "--from-stack")) {
    const name = resource.urn.slice(resource.urn.lastIndexOf("::") + 2);
    const spec = resourceOfType(resource.typeName)?.importId;
    if (!spec) continue;
    if ("notImported" in spec) {
      skipped.push({ what: `${resource.typeName} ${name}`, why: spec.notImported });
      continue;
    }
    entries.push({ type: RESOURCE_TYPE_PREFIXES.plugin + resource.typeName, name, id: spec.of(resource.outputs as never) });
    if (resource.type.startsWith(RESOURCE_TYPE_PREFIXES.dynamic)) urns.push(resource.urn);
  }
  // A YAML program keys its resources by name alone: a name two kinds share (a webhook and a deploy
  // key both "ci") gets the kind after it, in every entry that has it.
  const shared = new Set(entries.map(({ name }) => name).filter((name, i, names) => names.indexOf(name) !== i));
  for (const entry of entries) if (shared.has(entry.name)) entry.name = `${entry.name}-${slug(entry.type.slice(RESOURCE_TYPE_PREFIXES.plugin.length).replace(/([a-z])([A-Z])/g, "$1-$2"), "object")}`;
  const stack = reference.stack ?? "(selected)";
  // The state lists a resource after those it depends on: forgotten in reverse, each goes before what it depends on.
  const moved = urns.length > 0 ? { stack, urns: urns.reverse() } : undefined;
  return { name: `${basename(resolve(reference.dir))}-plugin`, origin: `stack \`${stack}\` of ${reference.dir}`, entries, skipped, moved };
}

/** The project of a CodeArts project's objects (codeartsrepo import --project … --language …). */
export function projectSource(project: ImportedProject): PluginProjectSource {
  return { name: `codeartsrepo-${project.projectId.slice(0, 8)}`, origin: `CodeArts project \`${project.projectId}\``, entries: importEntries(project), skipped: project.skipped };
}

export function generatePluginProject(source: PluginProjectSource, command: string, language: PluginLanguage): Record<string, string> {
  const manifest = ownManifest();
  const { name: projectName, entries } = source;
  const runtime = language === "yaml" ? ["runtime: yaml"] : ["runtime:", "  name: python", "  options:", "    virtualenv: venv"];
  const { out, then } = PROGRAM[language];
  const importCommand = `pulumi import --file import.json --out ${out} --yes`;
  const moved = source.moved
    ? [
        "",
        "## Then: the old stack forgets them",
        "",
        `Once \`pulumi preview --expect-no-changes\` passes here, stack \`${source.moved.stack}\` (the dynamic resources) must forget these ` +
          "objects, without deleting them: `pulumi state delete` removes a resource from a stack's state and makes no call.",
        "",
        "```sh",
        ...source.moved.urns.map((urn) => `pulumi state delete --yes --force '${urn}'`),
        "```",
      ]
    : [];
  return {
    "Pulumi.yaml": [
      `name: ${projectName}`,
      `description: ${source.origin.replace(/`/g, "")}, imported by codeartsrepo import.`,
      ...runtime,
      "plugins:",
      "  providers:",
      "    - name: codeartsrepo",
      "      path: node_modules/pulumi-codeartsrepo/bin",
      "",
    ].join("\n"),
    // The plugin runs from the npm package, with its @pulumi/pulumi.
    "package.json": `${JSON.stringify({ name: projectName, private: true, dependencies: { "@pulumi/pulumi": manifest.peerDependencies["@pulumi/pulumi"], "pulumi-codeartsrepo": `^${manifest.version}` } }, null, 2)}\n`,
    "import.json": `${JSON.stringify({ resources: entries }, null, 2)}\n`,
    "README.md": [
      `# ${projectName}`,
      "",
      `Generated by \`${command}\` from ${source.origin}: ${entries.length} objects to import, each with its ` +
        "`pulumi import` id in import.json. `pulumi import` reads each one (no write to CodeArts Repo), records it in the stack and writes " +
        `the ${language === "yaml" ? "YAML" : "Python"} program that declares it. Imported resources are protected.`,
      "",
      "## Steps",
      "",
      "```sh",
      "npm install",
      ...(language === "python" ? PYTHON_SDK_STEPS : []),
      "pulumi stack init <stack>",
      "pulumi config set codeartsrepo:region <region>   # or codeartsrepo:endpoint; credentials as in pulumi-codeartsrepo's README",
      importCommand,
      ...(then ? [then] : []),
      "pulumi preview --expect-no-changes",
      "```",
      "",
      "## Before `pulumi preview`",
      "",
      "Values the service cannot return are not in the generated program: write in each deploy key's public key (its `key`; the " +
        "stack holds its fingerprint, which the key must match) and, if you want the program to set them, webhook tokens (`token`).",
      ...moved,
      "",
      "## Not imported",
      "",
      ...(source.skipped.length === 0 ? ["Nothing was left out."] : source.skipped.map(({ what, why }) => `- ${what}: ${why}.`)),
      "",
    ].join("\n"),
  };
}
