/**
 * No secret in plain text in a stack's state, nor anything computed from one. Shared by every
 * end-to-end test that runs an example or a test program (each gives the provider a credential as
 * a secret, some give webhook tokens or import URLs), so no test needs a stack of its own for it.
 *
 * What counts as leaked, anywhere in the exported resources (keys, inputs, outputs) outside an
 * encrypted value:
 * - a known secret the test gave the stack, or a usual encoding of it (base64, URL-encoded), or
 *   its unsalted SHA-256;
 * - a webhook token's salted hash, computed here from every salt the state holds (revealed with
 *   `--show-secrets`) and every known secret, as someone reading the state would try;
 * - any value the state holds as a secret in one place, shown in plain text in another (a secret
 *   input whose copy in the outputs is not);
 * - a field the provider computes from a secret (`DERIVED_FROM_SECRETS`) present in plain form.
 */
import { createHash } from "node:crypto";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { SECRET_SIGNATURE, SECRET_SIGNATURE_KEY } from "../../provider/secrets";

/** Fields that hold, or are computed from, a secret input, wherever a resource has them. */
export const DERIVED_FROM_SECRETS = ["token", "tokenHash", "tokenSalt", "importUrl"] as const;

/** Values shorter than this are not searched for: they would match by chance. */
const SHORTEST_PROBE = 8;

type Json = unknown;

function isEncrypted(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && (value as Record<string, Json>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;
}

const sha256 = (...parts: string[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** Every form of `secret` a reader of the state could recognise, with what each form is. */
function forms(secret: string, salts: string[]): Array<[string, string]> {
  const digest = sha256(secret);
  return [
    [secret, "the secret"],
    [Buffer.from(secret).toString("base64"), "its base64"],
    [encodeURIComponent(secret), "its URL encoding"],
    [digest.toString("hex"), "its SHA-256 (hex)"],
    [digest.toString("base64"), "its SHA-256 (base64)"],
    ...salts.map((salt): [string, string] => [sha256(salt, secret).toString("hex"), `its SHA-256 salted with "${salt}"`]),
  ];
}

/** The plain values of every encrypted value in a `--show-secrets` export. */
function revealedSecrets(node: Json, found: Array<{ path: string; value: Json }> = [], path = ""): Array<{ path: string; value: Json }> {
  if (isEncrypted(node)) {
    const plaintext = node.plaintext;
    found.push({ path, value: typeof plaintext === "string" ? JSON.parse(plaintext) : plaintext });
  } else if (Array.isArray(node)) node.forEach((item, i) => revealedSecrets(item, found, `${path}[${i}]`));
  else if (node && typeof node === "object") for (const [key, value] of Object.entries(node)) revealedSecrets(value, found, `${path}.${key}`);
  return found;
}

function strings(node: Json): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (node && typeof node === "object") return Object.values(node).flatMap(strings);
  return [];
}

/** Every plain string in the resources, with where it is; encrypted values are skipped. */
function plainStrings(node: Json, path = "", found: Array<{ path: string; text: string }> = []): Array<{ path: string; text: string }> {
  if (isEncrypted(node)) return found;
  if (typeof node === "string") found.push({ path, text: node });
  else if (Array.isArray(node)) node.forEach((item, i) => plainStrings(item, `${path}[${i}]`, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      found.push({ path: `${path} (key)`, text: key });
      plainStrings(value, `${path}.${key}`, found);
    }
  }
  return found;
}

/**
 * The problems in the stack's state: each names where a value lies in plain text and what it is.
 * `secrets` are the secret values the test gave the stack (credentials, tokens, URLs).
 */
export async function plainSecretsInState(pulumi: PulumiSandbox, secrets: readonly string[]): Promise<string[]> {
  const plain = (await pulumi.exportState()).deployment.resources ?? [];
  const shown = (await pulumi.exportState({ showSecrets: true })).deployment.resources ?? [];
  const secretValues = revealedSecrets(shown);
  const salts = secretValues.filter(({ path }) => path.endsWith(".tokenSalt")).flatMap(({ value }) => strings(value));
  const probes: Array<[string, string]> = [];
  for (const secret of secrets) probes.push(...forms(secret, salts).map(([form, what]): [string, string] => [form, `${what} of a secret the test set`]));
  for (const { path, value } of secretValues) {
    for (const text of strings(value)) probes.push([text, `the value stored encrypted at ${path}`]);
  }
  const problems: string[] = [];
  for (const { path, text } of plainStrings(plain)) {
    for (const [probe, what] of probes) {
      if (probe.length >= SHORTEST_PROBE && text.toLowerCase().includes(probe.toLowerCase())) problems.push(`${path} holds ${what} in plain text`);
    }
  }
  plain.forEach((resource: Record<string, Json>, i: number) => {
    for (const section of ["inputs", "outputs"] as const) {
      const properties = (resource[section] ?? {}) as Record<string, Json>;
      for (const field of DERIVED_FROM_SECRETS) {
        if (properties[field] !== undefined && !isEncrypted(properties[field])) problems.push(`${resource.urn ?? `[${i}]`} ${section}.${field} is not encrypted`);
      }
    }
  });
  return [...new Set(problems)];
}

/** Fails, naming each place, when the stack's state holds a secret or a value computed from one in plain text. */
export async function expectNoPlainSecretsInState(pulumi: PulumiSandbox, secrets: readonly string[]): Promise<void> {
  expect(await plainSecretsInState(pulumi, secrets)).toEqual([]);
}
