/**
 * SSHKey: an SSH public key on the account of the user the provider's credentials authenticate
 * as (user-level, not per repository). Through the V4 calls (v4 digest §7); the v1 calls
 * (§4.1.1, §4.1.2, §7.1.1) are deprecated.
 *
 * | operation | API |
 * |---|---|
 * | create | the list below (the key listed → refuse, or adopt with adoptExisting), then POST /v4/user/keys `{title, key}` |
 * | adopt  | GET /v4/user/keys, matched by the key's normal form |
 * | read   | GET /v4/user/keys?offset=&limit=100, every page (`total` in the body), coalesced: N keys cost one page walk per run; absent → gone |
 * | update | none: no documented call changes a key or its title, so every change replaces it |
 * | delete | DELETE /v4/user/keys/{key_id} (404 → already gone) |
 *
 * Blind spots: none in the key itself; the list returns id, title and key text. The service may
 * store the key re-spaced or without its comment, so the key read back is compared by its normal
 * form (type + body) and the program's text is kept when they match. Which user owns the key is
 * not recorded: if the credentials change to another user, the key is not in that user's list and
 * reads as gone, so the next `up` adds it to the new user.
 *
 * Stacks from the v1 calls: their resource id is the v1 key id, a string (§4.1.2) that V4 types
 * as an integer. The docs do not say that both name the same number (the emulator models one key
 * object with one id). Read therefore looks the key up by id first and, failing that, by its
 * normal form — an account holds a key text once — and then returns the V4 id, which the engine
 * records as the resource's new id.
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { checkKeyInputs, keyDiff } from "./keys-common";
import { ResourceDescriptor, defineResource } from "./resource";
import type { ProviderContext } from "./runtime";
import { SshPublicKeyText, parseSshPublicKey, sameSshPublicKey, sshFingerprint } from "./ssh-public-key";
import { SshKeyV4 } from "../wire/keys";

// A named shape: the declarations the package ships keep its doc comments, which the inferred
// type of z.object({...}) drops (and with them the docs a program author sees on SSHKeyArgs).
const SshKeyShape = {
  // The key's own length limit (1000 in v4 digest §7, 2048 in v1) is left to the service: a key a
  // v1 stack holds may be longer than V4 accepts, and refusing it here would break that stack's
  // every preview although its key needs no new create.
  /** The key's name on the account: not empty, at most 1000 characters. Changing it replaces the key. */
  title: z.string().refine((title) => title.trim() !== "", "must not be empty").refine((title) => title.length <= 1000, "must be at most 1000 characters"),
  /**
   * An OpenSSH public key, `type base64 [comment]`. Comments and spacing do not count as changes;
   * another key replaces the resource.
   */
  key: SshPublicKeyText,
  /** If the account already has this key, manage it instead of failing. */
  adoptExisting: z.boolean().default(false),
};
export const SshKeyInputs: z.ZodObject<typeof SshKeyShape> = z.object(SshKeyShape);
export type SshKeyInputs = z.output<typeof SshKeyInputs>;

export interface SshKeyOutputs extends SshKeyInputs {
  /** The service's id of the key (also the resource id). */
  keyId: string;
  /** The key's OpenSSH `SHA256:…` fingerprint. */
  fingerprint: string;
}

/** Every key on the account; each page read is shared by concurrent readers. */
export function listMyKeys(client: CodeArtsClient): Promise<SshKeyV4[]> {
  return client.paginate("listSshKeys");
}

function outputsOf(inputs: SshKeyInputs, keyId: number, title?: string | null): SshKeyOutputs {
  return { ...inputs, title: title ?? inputs.title, keyId: String(keyId), fingerprint: sshFingerprint(inputs.key) };
}

export const sshKey: ResourceDescriptor<"ssh-key", SshKeyInputs, SshKeyOutputs> = defineResource({
  kind: "ssh-key",
  type: "SSHKey",
  inputs: SshKeyInputs,
  fields: { replace: ["title"], update: ["adoptExisting"], naturalKey: ["key"] },
  report: { label: "SSH key", key: ["title"], holder: "account" },
  id: (outputs: SshKeyOutputs) => outputs.keyId,
  check: (news) => checkKeyInputs(SshKeyInputs, news),
  diff: (olds, news) => keyDiff(olds, news as SshKeyOutputs, ["title"], []),

  // Looked up first (the coalesced list: one walk for all keys of a run) because a lost answer is
  // recovered by the key text: a key already on the account would otherwise be taken for the one
  // created, and a destroy would remove it.
  create: {
    find: async ({ client }, inputs) => (await listMyKeys(client)).find((listed) => sameSshPublicKey(listed.key ?? undefined, inputs.key)),
    conflict: (_inputs, existing: SshKeyV4) =>
      `This key is already on your account as SSH key ${existing.id} (title "${existing.title ?? ""}"). ` +
      `Set adoptExisting: true to manage it with this program, or remove it first.`,
    adopt: (_context, inputs, existing) => outputsOf(inputs, existing.id, existing.title),
    call: ({ client }: ProviderContext, inputs: SshKeyInputs) => client.call("createSshKey", { body: { key: inputs.key.trim(), title: inputs.title } }),
    recovered: (found) => found,
    created: (inputs, answer) => outputsOf(inputs, answer.id),
    routes: { find: "listSshKeys", create: "createSshKey", params: () => ({}) },
  },

  async read({ client }, id, props) {
    const keys = await listMyKeys(client);
    const listed = keys.find((key) => String(key.id) === id) ?? keys.find((key) => sameSshPublicKey(key.key ?? undefined, props.key));
    if (!listed) return undefined;
    // Keep the program's text when the service stored the same key differently spaced or without
    // its comment; report the live key when it is another key.
    const liveKey = listed.key && !sameSshPublicKey(listed.key, props.key) ? listed.key : props.key;
    const parsed = parseSshPublicKey(liveKey);
    return {
      ...props,
      keyId: String(listed.id),
      title: listed.title ?? props.title,
      key: liveKey,
      fingerprint: parsed.ok ? parsed.key.fingerprintSha256 : props.fingerprint,
    };
  },

  importId: {
    format: "<keyId>",
    of: (outputs) => outputs.keyId,
    locate: async (_context, importId) => ({ id: importId, props: {} }),
  },

  remove: ({ client }, id) => client.call("deleteSshKey", { params: { key_id: id } }),
});

export const provider = sshKey.provider;
