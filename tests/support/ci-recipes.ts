/**
 * Reads the GitOps recipes of examples/gitops as their CI systems would: the jobs, and in each job
 * the shell it runs, in order, with the environment the file gives it. Enough YAML for these files
 * (block maps and sequences, `|` scalars, quoted and flow scalars, comments), not a YAML library:
 * the package has no YAML dependency and the recipes need none.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type Yaml = string | null | Yaml[] | { [key: string]: Yaml };
type YamlMap = { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  number: number;
}

const isStructural = (raw: string) => raw.trim() !== "" && !raw.trim().startsWith("#");

/** A scalar as written after `key:` or `- `: quotes removed, a trailing comment dropped, `[a, b]` a list. */
function scalar(text: string, where: string): Yaml {
  const trimmed = text.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith("'")) {
    const quote = trimmed[0];
    const end = trimmed.indexOf(quote, 1);
    if (end < 0) throw new Error(`${where}: unterminated ${quote}`);
    const rest = trimmed.slice(end + 1).trim();
    if (rest !== "" && !rest.startsWith("#")) throw new Error(`${where}: text after a quoted scalar: ${rest}`);
    return trimmed.slice(1, end);
  }
  const uncommented = trimmed.replace(/\s+#.*$/, "");
  if (uncommented.startsWith("[")) {
    if (!uncommented.endsWith("]")) throw new Error(`${where}: flow sequence not closed on its line`);
    const inner = uncommented.slice(1, -1).trim();
    return inner === "" ? [] : inner.split(",").map((item) => scalar(item, where));
  }
  return uncommented;
}

const KEY = /^("[^"]*"|'[^']*'|[^\s"'#-][^:]*?|-[^\s:][^:]*?):(?:\s+(.*))?$/;

export function parseYaml(text: string, name = "yaml"): Yaml {
  const raw = text.split("\n");
  let at = 0;
  const where = (line: number) => `${name}:${line + 1}`;
  const peek = (): Line | undefined => {
    while (at < raw.length && !isStructural(raw[at])) at++;
    if (at >= raw.length) return undefined;
    const indent = raw[at].length - raw[at].trimStart().length;
    return { indent, text: raw[at].trim(), number: at };
  };

  /** A `|` scalar: the following lines indented deeper than `parentIndent`, blank ones kept. */
  const blockScalar = (parentIndent: number, chomp: string): string => {
    const lines: string[] = [];
    let indent: number | undefined;
    while (at < raw.length) {
      const line = raw[at];
      if (line.trim() === "") {
        lines.push("");
        at++;
        continue;
      }
      const lineIndent = line.length - line.trimStart().length;
      if (lineIndent <= parentIndent) break;
      indent ??= lineIndent;
      lines.push(line.slice(indent));
      at++;
    }
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.join("\n") + (chomp === "-" ? "" : "\n");
  };

  /** The value after `key:` or `- ` at `indent`: inline, a block scalar, or a nested block. */
  const value = (rest: string | undefined, indent: number, line: number): Yaml => {
    if (rest !== undefined && rest.trim() !== "" && !rest.trim().startsWith("#")) {
      const block = /^\|([-+]?)\s*(#.*)?$/.exec(rest.trim());
      if (block) return blockScalar(indent, block[1]);
      if (/^>/.test(rest.trim())) throw new Error(`${where(line)}: folded scalars are not supported here`);
      return scalar(rest, where(line));
    }
    const next = peek();
    if (!next || next.indent < indent || (next.indent === indent && !next.text.startsWith("- ") && next.text !== "-")) return null;
    return node(next.indent);
  };

  const node = (indent: number): Yaml => {
    const first = peek()!;
    return first.text === "-" || first.text.startsWith("- ") ? sequence(indent) : map(indent);
  };

  const map = (indent: number): YamlMap => {
    const result: YamlMap = {};
    for (let line = peek(); line && line.indent === indent && !line.text.startsWith("- "); line = peek()) {
      const match = KEY.exec(line.text);
      if (!match) throw new Error(`${where(line.number)}: expected "key: value", got: ${line.text}`);
      const key = match[1].replace(/^["']|["']$/g, "");
      at++;
      result[key] = value(match[2], indent, line.number);
    }
    return result;
  };

  const sequence = (indent: number): Yaml[] => {
    const result: Yaml[] = [];
    for (let line = peek(); line && line.indent === indent && (line.text === "-" || line.text.startsWith("- ")); line = peek()) {
      const content = line.text.slice(1).trimStart();
      const contentIndent = indent + (raw[line.number].trimStart().length - content.length);
      if (KEY.test(content) && !/^[|>]/.test(content)) {
        // "- key: value": the item is a map whose first key sits where `key` is.
        raw[line.number] = " ".repeat(contentIndent) + content;
        result.push(map(contentIndent));
      } else {
        at++;
        result.push(value(content, indent, line.number));
      }
    }
    return result;
  };

  const top = peek();
  if (!top) return null;
  const parsed = node(top.indent);
  const left = peek();
  if (left) throw new Error(`${where(left.number)}: unexpected indentation: ${left.text}`);
  return parsed;
}

const asMap = (yaml: Yaml | undefined, what: string): YamlMap => {
  if (yaml === null || yaml === undefined) return {};
  if (typeof yaml !== "object" || Array.isArray(yaml)) throw new Error(`${what} is not a map`);
  return yaml;
};
const asList = (yaml: Yaml | undefined, what: string): Yaml[] => {
  if (yaml === null || yaml === undefined) return [];
  if (!Array.isArray(yaml)) throw new Error(`${what} is not a list`);
  return yaml;
};
const asString = (yaml: Yaml | undefined, what: string): string => {
  if (typeof yaml !== "string") throw new Error(`${what} is not a string`);
  return yaml;
};
const stringMap = (yaml: Yaml | undefined, what: string): Record<string, string> =>
  Object.fromEntries(Object.entries(asMap(yaml, what)).map(([key, v]) => [key, asString(v, `${what}.${key}`)]));

/** One shell step of a job, as the CI system runs it. */
export interface ShellStep {
  /** "preview › Preview the changes" */
  name: string;
  script: string;
  /** The program that runs `script` (written to a file), as the CI system invokes it. */
  shell: string[];
  /** Environment the file declares for this step (workflow + job + step), values as written. */
  env: Record<string, string>;
}

/** A job that is not a shell step (artifact upload, an action), kept so tests can check it. */
export interface OtherStep {
  name: string;
  uses: string;
  if?: string;
  with: Record<string, string>;
}

export interface RecipeJob {
  recipe: string;
  job: string;
  /** Shell steps and other steps, in the order the job runs them. */
  steps: Array<ShellStep | OtherStep>;
  /** The raw job as parsed, for checks of triggers, artifacts and the like. */
  raw: YamlMap;
}

export const isShell = (step: ShellStep | OtherStep): step is ShellStep => "script" in step;

const GITOPS = join(__dirname, "..", "..", "examples", "gitops");
const read = (path: string) => parseYaml(readFileSync(join(GITOPS, path), "utf8"), `examples/gitops/${path}`);

/**
 * GitHub Actions: every job's steps; `run:` steps are shell (no `shell:` given: GitHub runs them
 * with `bash -e {0}`), the others (`uses:`) are kept as they are.
 */
export function githubJobs(path = "github-actions/codeartsrepo.yml"): RecipeJob[] {
  const workflow = asMap(read(path), path);
  const workflowEnv = stringMap(workflow.env, "env");
  return Object.entries(asMap(workflow.jobs, "jobs")).map(([job, rawJob]) => {
    const definition = asMap(rawJob, `jobs.${job}`);
    const jobEnv = { ...workflowEnv, ...stringMap(definition.env, `jobs.${job}.env`) };
    const steps = asList(definition.steps, `jobs.${job}.steps`).map((rawStep, index) => {
      const step = asMap(rawStep, `jobs.${job}.steps[${index}]`);
      const name = `${job} › ${typeof step.name === "string" ? step.name : typeof step.uses === "string" ? step.uses : `step ${index + 1}`}`;
      if (typeof step.run === "string") {
        if (step.shell !== undefined || step.if !== undefined) throw new Error(`${name}: the test runs run: steps without shell: or if:`);
        return { name, script: step.run, shell: ["bash", "-e"], env: { ...jobEnv, ...stringMap(step.env, `${name} env`) } };
      }
      return { name, uses: asString(step.uses, `${name} uses`), if: step.if as string | undefined, with: stringMap(step.with, `${name} with`) };
    });
    return { recipe: "GitHub Actions", job, steps, raw: definition };
  });
}

/**
 * GitLab CI: every job (a top-level key that has `script:`); the runner joins `before_script` (the
 * job's, else `default:`'s) and `script` into one shell script run with `set -eo pipefail`.
 */
export function gitlabJobs(path = "gitlab-ci/gitlab-ci.yml"): RecipeJob[] {
  const pipeline = asMap(read(path), path);
  const variables = stringMap(pipeline.variables, "variables");
  const defaults = asMap(pipeline.default, "default");
  return Object.entries(pipeline)
    .filter(([key, definition]) => !key.startsWith(".") && definition !== null && typeof definition === "object" && !Array.isArray(definition) && "script" in definition)
    .map(([job, rawJob]) => {
      const definition = asMap(rawJob, job);
      const lines = (key: string, from: YamlMap) => asList(from[key], `${job}.${key}`).map((line, i) => asString(line, `${job}.${key}[${i}]`));
      const before = definition.before_script !== undefined ? lines("before_script", definition) : lines("before_script", defaults);
      const env = { ...variables, ...stringMap(definition.variables, `${job}.variables`) };
      // One script, as the runner writes it: shell variables set on one line are seen by the next.
      const steps: ShellStep[] = [{ name: `${job} › script`, script: [...before, ...lines("script", definition)].join("\n"), shell: ["bash", "-eo", "pipefail"], env }];
      return { recipe: "GitLab CI", job, steps, raw: definition };
    });
}

/**
 * CodeArts: each pipeline-<job>.yml runs one CodeArts Build task, whose build-<job>.yml holds the
 * shell (`sh` steps, in order) and the artifact uploads; `params` reach the commands as environment.
 */
export function codeartsJobs(dir = "codearts-pipeline"): RecipeJob[] {
  return ["preview", "apply", "drift"].map((job) => {
    const pipeline = asMap(read(`${dir}/pipeline-${job}.yml`), `pipeline-${job}.yml`);
    const build = asMap(read(`${dir}/build-${job}.yml`), `build-${job}.yml`);
    if (asString(build.version, "version") !== "2.0") throw new Error(`build-${job}.yml: version must be 2.0`);
    const params = Object.fromEntries(
      asList(build.params, "params").map((p, i) => {
        const param = asMap(p, `params[${i}]`);
        return [asString(param.name, `params[${i}].name`), asString(param.value, `params[${i}].value`)];
      }),
    );
    const steps = asList(asMap(build.steps, "steps").BUILD, "steps.BUILD").map((rawStep, i): ShellStep | OtherStep => {
      const [[action, body]] = Object.entries(asMap(rawStep, `steps.BUILD[${i}]`));
      const step = asMap(body, `steps.BUILD[${i}].${action}`);
      const inputs = asMap(step.inputs, `steps.BUILD[${i}].${action}.inputs`);
      const name = `${job} › ${typeof step.name === "string" ? step.name : action}`;
      if (action === "sh") return { name, script: asString(inputs.command, `${name} command`), shell: ["sh"], env: params };
      return { name, uses: action, with: stringMap(inputs, `${name} inputs`) };
    });
    return { recipe: "CodeArts Pipeline", job, steps, raw: { pipeline, build } };
  });
}
