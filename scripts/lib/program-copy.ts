/**
 * A Pulumi program copied into a temp dir and linked to this checkout: its node_modules points at
 * this repository as `pulumi-codeartsrepo` (its compiled dist/) and at this repository's
 * @pulumi packages, so nothing is installed. The demo and the benchmark run programs this way; a
 * copy, unlike the program in place, can hold its Pulumi.<stack>.yaml as a user's checkout does.
 *
 * The copy gets a package.json, as a user's project has: @pulumi/pulumi's program runner looks
 * upwards from the program for one and, finding none under the temp dir, warned "Could not find a
 * package.json or package.yaml file for the program" at every run. It names the two linked
 * packages as `file:` dependencies (what the links are) and changes no resolution: a package
 * name of its own, so nothing is self-referenced, and node_modules as linked above. (The examples
 * in place need none: they resolve `pulumi-codeartsrepo` as this package's own name, which a
 * package.json of their own would hide.)
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

export function linkedProgramCopy(sourceDir: string, repositoryRoot: string, prefix: string): string {
  const programDir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(sourceDir, programDir, { recursive: true });
  mkdirSync(join(programDir, "node_modules"));
  const pulumiSdk = join(repositoryRoot, "node_modules", "@pulumi", "pulumi");
  symlinkSync(repositoryRoot, join(programDir, "node_modules", "pulumi-codeartsrepo"), "dir");
  symlinkSync(join(repositoryRoot, "node_modules", "@pulumi"), join(programDir, "node_modules", "@pulumi"), "dir");
  const manifest = {
    name: `codeartsrepo-${basename(sourceDir)}-copy`,
    private: true,
    dependencies: { "pulumi-codeartsrepo": `file:${repositoryRoot}`, "@pulumi/pulumi": `file:${pulumiSdk}` },
  };
  writeFileSync(join(programDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return programDir;
}
