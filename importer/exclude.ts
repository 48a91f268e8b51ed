/**
 * `--exclude-stack DIR[:STACK]`: what an existing stack already manages, read from its state with
 * `pulumi stack export` (the Pulumi CLI on PATH, with the caller's backend login and environment),
 * so an import declares only the rest of the project.
 */
import { execFileSync } from "node:child_process";
import { CHILD_KINDS, ImportedProject, ImportedRepository, objectsOf } from "./model";
import { typeNameOf } from "../provider/registry";
import { projectWebhookResourceId } from "../provider/project-webhook";


/** "DIR" or "DIR:STACK" (a Windows drive letter is not a stack). */
export function parseStackReference(text: string): { dir: string; stack?: string } {
  const colon = text.lastIndexOf(":");
  if (colon <= 1) return { dir: text };
  return { dir: text.slice(0, colon), stack: text.slice(colon + 1) || undefined };
}

/** A resource of this package in a stack's state, as `pulumi stack export` prints it (secrets encrypted). */
export interface StackResource {
  /** The type name ("DeployKey"), whether the stack holds it as a dynamic or a plugin resource. */
  typeName: string;
  /** The type as the state records it: `pulumi-nodejs:dynamic/codeartsrepo:DeployKey` or `codeartsrepo:index:DeployKey`. */
  type: string;
  urn: string;
  id: string;
  outputs: Record<string, unknown>;
}

/** Every resource of this package the stack holds, read with `pulumi stack export`; `option` names the flag for messages. */
export function stackResources(reference: { dir: string; stack?: string }, option = "--exclude-stack"): StackResource[] {
  const args = ["stack", "export", "--show-secrets=false", "--non-interactive", "--cwd", reference.dir, ...(reference.stack ? ["--stack", reference.stack] : [])];
  let printed: string;
  try {
    printed = execFileSync("pulumi", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`${option}: \`pulumi ${args.join(" ")}\` failed: ${(stderr || message).trim()}`);
  }
  const resources = (JSON.parse(printed).deployment?.resources ?? []) as { type?: string; id?: string; urn?: string; outputs?: Record<string, unknown> }[];
  return resources.flatMap((resource) => {
    const typeName = typeNameOf(resource.type ?? "");
    return typeName && resource.id ? [{ typeName, type: resource.type!, urn: resource.urn ?? "", id: resource.id, outputs: resource.outputs ?? {} }] : [];
  });
}

/** Every resource of this package the stack holds, as "Kind id". */
export function managedBy(reference: { dir: string; stack?: string }): Set<string> {
  return new Set(stackResources(reference).map((resource) => `${resource.typeName} ${resource.id}`));
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
  return {
    ...project,
    repositories,
    sshKeys: project.sshKeys.filter((key) => !has("SSHKey", key.keyId)),
    projectWebhooks: project.projectWebhooks.filter((hook) => !has("ProjectWebhook", projectWebhookResourceId(project.projectId, hook.hookId))),
  };
}
