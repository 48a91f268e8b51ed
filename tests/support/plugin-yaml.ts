/**
 * Pulumi YAML projects on the provider plugin, as the end-to-end tests write them, and the one
 * edit the code `pulumi import` generates needs: a deploy key's public key, which the service
 * cannot return (the generator writes the required string as "").
 */
import { join } from "node:path";
import { repositoryRoot } from "./packages";

/** This repository's plugin launcher directory, as a project outside it names it. */
export const PLUGIN_DIR = join(repositoryRoot, "bin");

/** A Pulumi.yaml of a YAML project on this checkout's plugin; `body` follows the plugin stanza. */
export function pluginYamlProject(name: string, body: string): string {
  return `name: ${name}\nruntime: yaml\nplugins:\n  providers:\n    - name: codeartsrepo\n      path: ${PLUGIN_DIR}\n${body}`;
}

/** Generated YAML with the deploy key `resource`'s `key: ""` filled in; fails if it has none to fill. */
export function withDeployKeyText(generated: string, resource: string, key: string): string {
  const pattern = new RegExp(`(\\n  ${resource.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\n    type: \\S+\\n    properties:\\n      key: )""\\n`);
  if (!pattern.test(generated)) throw new Error(`the generated code has no empty key for deploy key ${resource}`);
  return generated.replace(pattern, `$1${key}\n`);
}
