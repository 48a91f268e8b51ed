/**
 * `codeartsrepo import`: writes a Pulumi program that adopts a CodeArts project as it is. Reads
 * the project first (read.ts), thins it with --exclude-stack (exclude.ts), generates the files
 * (generate.ts), and writes them only once all of that succeeded.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CodeArtsClient } from "../api/client";
import { CodeArtsApiError } from "../api/errors";
import { SettingName, SettingSource, environmentSource, firstOf, resolveConfig } from "../api/config";
import { generateProject } from "./generate";
import { PluginLanguage, generatePluginProject, projectSource, stackSource } from "./generate-plugin";
import { managedBy, parseStackReference, withoutManaged } from "./exclude";
import { readProject, ReadProgress } from "./read";
import { globMatcher } from "./names";

export const IMPORT_SUMMARY = "write a Pulumi program that adopts a CodeArts project's repositories as they are";

const HELP = `Usage: codeartsrepo import --project <uuid> --out DIR [options]

Reads a CodeArts project through the API (list calls only) and writes a TypeScript Pulumi project
(Pulumi.yaml, package.json, tsconfig.json, index.ts, README.md) declaring its repositories,
protected branches and tags, members, webhooks and deploy keys with their live values, each
adopting what exists. Files are written only when the whole project was read.

  --project UUID           the CodeArts project (32 hexadecimal characters)
  --out DIR                where the files go (created if missing; these five files are replaced)
  --repositories GLOB      only repositories whose name matches, e.g. "team-*"
  --include-ssh-keys       also the SSH keys of the account the credentials authenticate as
  --exclude-stack DIR[:STACK]
                           leave out what that stack (its Pulumi project in DIR) already manages
  --language yaml|python   instead of the TypeScript program, a project for the provider plugin:
                           Pulumi.yaml, package.json, import.json (every object with its
                           \`pulumi import\` id) and README.md; \`pulumi import --file import.json\`
                           then writes the program in that language (default: typescript)
  --from-stack DIR[:STACK] with --language, instead of --project: the project takes over what that
                           stack (a TypeScript program's dynamic resources) holds, each object by
                           the import id its outputs give; no API call. Its README lists the
                           \`pulumi state delete\` commands that make the old stack forget them
  --endpoint URL, --iam-endpoint URL, --region NAME, --rate-limit N, --max-retries N
                           override HW_CODEARTSREPO_ENDPOINT, HW_IAM_ENDPOINT, HW_REGION_NAME,
                           HW_CODEARTSREPO_RATE_LIMIT, HW_MAX_RETRIES

Credentials come from the environment, as for the provider: HW_AUTH_TOKEN; or HW_USER_NAME,
HW_USER_PASSWORD and HW_DOMAIN_NAME; or HW_ACCESS_KEY and HW_SECRET_KEY.
`;

/** Flags that override one provider setting (never a credential: those stay out of shell history). */
const SETTING_FLAGS: Record<string, SettingName> = {
  "--endpoint": "endpoint",
  "--iam-endpoint": "iamEndpoint",
  "--region": "region",
  "--rate-limit": "rateLimitPerMinute",
  "--max-retries": "maxRetries",
};

export interface ImportArguments {
  /** Required, unless fromStack names where the objects are. */
  projectId: string;
  /** With a plugin language: take over what this stack (DIR[:STACK]) holds instead of reading a project. */
  fromStack?: string;
  out: string;
  repositories?: string;
  includeSshKeys: boolean;
  excludeStack?: string;
  /** typescript (the default): the adopting program; yaml or python: a plugin project with import.json. */
  language?: "typescript" | PluginLanguage;
  settings: Partial<Record<SettingName, string>>;
}

export function parseImportArguments(args: string[]): ImportArguments | "help" {
  const parsed: Partial<ImportArguments> & { settings: Partial<Record<SettingName, string>> } = { includeSshKeys: false, language: "typescript", settings: {} };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--help" || flag === "-h") return "help";
    if (flag === "--include-ssh-keys") {
      parsed.includeSshKeys = true;
      continue;
    }
    const value = args[++i];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value (see codeartsrepo import --help)`);
    if (flag === "--project") parsed.projectId = value;
    else if (flag === "--out") parsed.out = value;
    else if (flag === "--repositories") parsed.repositories = value;
    else if (flag === "--exclude-stack") parsed.excludeStack = value;
    else if (flag === "--from-stack") parsed.fromStack = value;
    else if (flag === "--language") {
      if (value !== "typescript" && value !== "yaml" && value !== "python") throw new Error(`--language takes typescript, yaml or python, not "${value}"`);
      parsed.language = value;
    }
    else if (flag in SETTING_FLAGS) parsed.settings[SETTING_FLAGS[flag]] = value;
    else throw new Error(`unknown option ${flag} (see codeartsrepo import --help)`);
  }
  if (parsed.fromStack) {
    if (parsed.language === "typescript") throw new Error("--from-stack moves a stack to the provider plugin: add --language yaml or --language python");
    if (parsed.projectId || parsed.excludeStack || parsed.repositories || parsed.includeSshKeys) {
      throw new Error("--from-stack takes what the stack holds: --project, --repositories, --include-ssh-keys and --exclude-stack do not apply");
    }
    parsed.projectId = "";
  } else if (!parsed.projectId) throw new Error("--project is required: the CodeArts project id (32 hexadecimal characters)");
  if (!parsed.out) throw new Error("--out is required: the directory the program is written to");
  return parsed as ImportArguments;
}

function describeProgress(event: ReadProgress): string {
  switch (event.step) {
    case "repositories":
      return `listed ${event.total} repositories, importing ${event.selected}`;
    case "repository":
      return `[${event.index}/${event.total}] ${event.name}: ${event.summary}`;
    case "skipped":
      return `skipped ${event.what}: ${event.why}`;
    case "ssh-keys":
      return `${event.count} SSH keys of the account`;
    case "project-webhooks":
      return `${event.count} ${event.count === 1 ? "webhook" : "webhooks"} of the project`;
  }
}

/** The command line as the generated README quotes it: the options that shape the program, no settings. */
function commandLine(args: ImportArguments): string {
  return [
    "codeartsrepo import",
    args.fromStack ? `--from-stack ${args.fromStack}` : `--project ${args.projectId}`,
    ...(args.repositories ? [`--repositories '${args.repositories}'`] : []),
    ...(args.includeSshKeys ? ["--include-ssh-keys"] : []),
    ...(args.excludeStack ? [`--exclude-stack ${args.excludeStack}`] : []),
    ...(args.language && args.language !== "typescript" ? [`--language ${args.language}`] : []),
  ].join(" ");
}

/**
 * The whole import. `progress` receives each step (the command prints them on stderr) and is
 * awaited; `env` is where HW_* settings are read.
 */
export async function runImport(
  args: ImportArguments,
  options: { env?: NodeJS.ProcessEnv; progress?: (event: ReadProgress) => void | Promise<void>; client?: CodeArtsClient } = {},
): Promise<{ files: string[]; skipped: { what: string; why: string }[] }> {
  if (args.fromStack && args.language && args.language !== "typescript") {
    const source = stackSource(parseStackReference(args.fromStack));
    return { files: writeFiles(args.out, generatePluginProject(source, commandLine(args), args.language)), skipped: source.skipped };
  }
  const flags: SettingSource = (name) => args.settings[name];
  const client = options.client ?? CodeArtsClient.fromConfig(resolveConfig(firstOf(flags, environmentSource(options.env ?? process.env))));
  // Read what the stack manages first: a broken reference fails before any API call.
  const managed = args.excludeStack ? managedBy(parseStackReference(args.excludeStack)) : undefined;
  let project;
  try {
    project = await readProject(client, {
      projectId: args.projectId,
      repositoryFilter: args.repositories ? globMatcher(args.repositories) : undefined,
      includeSshKeys: args.includeSshKeys,
      progress: options.progress,
    });
  } catch (error) {
    if (error instanceof CodeArtsApiError && (error.httpStatus === 401 || error.httpStatus === 403)) {
      throw new Error(`CodeArts Repo refused these credentials (check HW_AUTH_TOKEN or the other HW_* credentials); nothing was written. (${error.message})`);
    }
    throw new Error(`${(error as Error).message}\nNothing was written.`);
  }
  const imported = managed ? withoutManaged(project, managed) : project;
  const files =
    !args.language || args.language === "typescript" ? generateProject(imported, commandLine(args)) : generatePluginProject(projectSource(imported), commandLine(args), args.language);
  return { files: writeFiles(args.out, files), skipped: project.skipped };
}

/** Writes the files into `dir` (made if missing), each whole: beside its place, then renamed over it. */
function writeFiles(dir: string, files: Record<string, string>): string[] {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const temporary = join(out, `.${name}.${process.pid}.tmp`);
    writeFileSync(temporary, text);
    renameSync(temporary, join(out, name));
  }
  return Object.keys(files);
}

export async function runImportCommand(argv: string[]): Promise<void> {
  const args = parseImportArguments(argv);
  if (args === "help") {
    process.stdout.write(HELP);
    return;
  }
  const { files, skipped } = await runImport(args, { progress: (event) => void process.stderr.write(`import: ${describeProgress(event)}\n`) });
  process.stderr.write(
    `import: wrote ${files.join(", ")} to ${resolve(args.out)}` +
      (skipped.length > 0 ? `; ${skipped.length} objects not imported (listed above and in README.md)` : "") +
      "\n",
  );
}
