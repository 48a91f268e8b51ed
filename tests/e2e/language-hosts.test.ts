/**
 * scripts/toolchain.sh provides the YAML and Python language hosts beside the Node.js one, and a
 * Python virtual environment holding the pulumi package (CODEARTSREPO_PYTHON_VENV). A program in
 * each language runs `pulumi up` → `preview --expect-no-changes` → `destroy` on the engine, exports
 * an output, and, when the hosts sit beside the toolchain's own pulumi, draws no "using … from
 * $PATH" warning. The Python program also reads a plain and a secret config value, which pass
 * through the host's exec script.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";

jest.setTimeout(300_000);

/** Where `name` resolves on PATH, or undefined. */
function onPath(name: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function pythonVenv(): string {
  const venv = process.env.CODEARTSREPO_PYTHON_VENV;
  if (!venv) throw new Error("CODEARTSREPO_PYTHON_VENV is not set. Run the suite with `npm test`, which sources scripts/toolchain.sh.");
  return venv;
}

const programs: Array<[string, string, (dir: string) => void]> = [
  [
    "yaml",
    "pulumi-language-yaml",
    (dir) => writeFileSync(join(dir, "Pulumi.yaml"), "name: hosts-yaml\nruntime: yaml\noutputs:\n  x: hello\n  plain: ${plain}\n"),
  ],
  [
    "python",
    "pulumi-language-python",
    (dir) => {
      writeFileSync(
        join(dir, "Pulumi.yaml"),
        `name: hosts-python\nruntime:\n  name: python\n  options:\n    virtualenv: ${JSON.stringify(pythonVenv())}\n`,
      );
      writeFileSync(
        join(dir, "__main__.py"),
        [
          "import pulumi",
          "",
          "config = pulumi.Config()",
          'pulumi.export("x", "hello")',
          'pulumi.export("plain", config.require("plain"))',
          'pulumi.export("secret", config.require_secret("secret"))',
          "",
        ].join("\n"),
      );
    },
  ],
];

describe.each(programs)("a %s program", (language, host, write) => {
  let programDir: string;
  let pulumi: PulumiSandbox;

  beforeAll(async () => {
    if (!onPath(host)) throw new Error(`${host} is not on PATH. Run the suite with \`npm test\`, which sources scripts/toolchain.sh.`);
    programDir = mkdtempSync(join(tmpdir(), `codeartsrepo-hosts-${language}-`));
    write(programDir);
    pulumi = new PulumiSandbox({ programDir });
    await pulumi.init({ plain: "from-config" }, language === "python" ? { secret: "s3cret" } : {});
  });

  afterAll(() => {
    pulumi?.dispose();
    if (programDir) rmSync(programDir, { recursive: true, force: true });
  });

  it("runs up, then previews no changes, then destroys", async () => {
    const up = await pulumi.run(["up", "--yes", "--skip-preview"]);
    const outputs = await pulumi.run(["stack", "output", "--json", "--show-secrets"]);
    expect(JSON.parse(outputs.stdout)).toEqual({
      x: "hello",
      plain: "from-config",
      ...(language === "python" ? { secret: "s3cret" } : {}),
    });
    await pulumi.run(["preview", "--expect-no-changes"]);
    await pulumi.run(["destroy", "--yes", "--skip-preview"]);

    // Beside our own pulumi the host is reached through its directory, as a bundled plugin.
    const pulumiDir = dirname(onPath("pulumi")!);
    if (dirname(onPath(host)!) === pulumiDir) expect(`${up.stdout}${up.stderr}`).not.toContain("from $PATH");
  });
});
