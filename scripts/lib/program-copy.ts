/**
 * A Pulumi program copied into a temp dir and linked to this checkout: its node_modules points at
 * this repository as `pulumi-codeartsrepo` (its compiled dist/) and at this repository's
 * @pulumi packages, so nothing is installed. The demo and the benchmark run programs this way; a
 * copy, unlike the program in place, can hold its Pulumi.<stack>.yaml as a user's checkout does.
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function linkedProgramCopy(sourceDir: string, repositoryRoot: string, prefix: string): string {
  const programDir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(sourceDir, programDir, { recursive: true });
  mkdirSync(join(programDir, "node_modules"));
  symlinkSync(repositoryRoot, join(programDir, "node_modules", "pulumi-codeartsrepo"), "dir");
  symlinkSync(join(repositoryRoot, "node_modules", "@pulumi"), join(programDir, "node_modules", "@pulumi"), "dir");
  return programDir;
}
