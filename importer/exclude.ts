/**
 * `--exclude-stack DIR[:STACK]`: what an existing stack already manages, read from its state with
 * `pulumi stack export` (the Pulumi CLI on PATH, with the caller's backend login and environment),
 * so an import declares only the rest of the project.
 */
import { execFileSync } from "node:child_process";
import { CHILD_KINDS, ImportedProject, ImportedRepository, objectsOf } from "./model";
import { typeNameOf } from "../provider/registry";


/** "DIR" or "DIR:STACK" (a Windows drive letter is not a stack). */
export function parseStackReference(text: string): { dir: string; stack?: string } {
  const colon = text.lastIndexOf(":");
  if (colon <= 1) return { dir: text };
  return { dir: text.slice(0, colon), stack: text.slice(colon + 1) || undefined };
}

/** Every resource of this package the stack holds, as "Kind id". */
export function managedBy(reference: { dir: string; stack?: string }): Set<string> {
  const args = ["stack", "export", "--show-secrets=false", "--non-interactive", "--cwd", reference.dir, ...(reference.stack ? ["--stack", reference.stack] : [])];
  let printed: string;
  try {
    printed = execFileSync("pulumi", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`--exclude-stack: \`pulumi ${args.join(" ")}\` failed: ${(stderr || message).trim()}`);
  }
  const resources = (JSON.parse(printed).deployment?.resources ?? []) as { type?: string; id?: string }[];
  return new Set(
    resources
      .filter((resource) => typeNameOf(resource.type ?? "") !== undefined && resource.id)
      .map((resource) => `${typeNameOf(resource.type!)} ${resource.id}`),
  );
}

/**
 * The project without what `managed` holds. A managed repository stays as a reference (its ids)
 * while some of its objects are still to declare; with nothing left, it goes.
 */
export function withoutManaged(project: ImportedProject, managed: Set<string>): ImportedProject {
  const has = (kind: string, id: string | number) => managed.has(`${kind} ${id}`);
  const repositories = project.repositories
    .map((repository) => {
      // Each kind's objects, without those a stack resource of that kind has by its id.
      const rest = CHILD_KINDS.map(({ type, importer }) => [importer.field, objectsOf(repository, importer).filter((item) => !has(type, importer.managedId(item, repository)))] as const);
      return { ...repository, declared: repository.declared && !has("Repository", repository.uuid), ...Object.fromEntries(rest) } as ImportedRepository;
    })
    .filter((repository) => repository.declared || CHILD_KINDS.some(({ importer }) => objectsOf(repository, importer).length > 0));
  return { ...project, repositories, sshKeys: project.sshKeys.filter((key) => !has("SSHKey", key.keyId)) };
}
