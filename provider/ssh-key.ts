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
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { checkKeyInputs, keyDiff } from "./keys-common";
import { apiClient, configure, defineProvider } from "./runtime";
import { SshPublicKeyText, parseSshPublicKey, sameSshPublicKey, sshFingerprint } from "./ssh-public-key";
import { SshKeyV4 } from "../wire/keys";
import { deleteUnlessGone } from "./lifecycle";
import { createOrExplainConflict, findBeforeCreate } from "./recovery";

export const SshKeyInputs = z.object({
  // The key's own length limit (1000 in v4 digest §7, 2048 in v1) is left to the service: a key a
  // v1 stack holds may be longer than V4 accepts, and refusing it here would break that stack's
  // every preview although its key needs no new create.
  title: z.string().refine((title) => title.trim() !== "", "must not be empty").refine((title) => title.length <= 1000, "must be at most 1000 characters"),
  key: SshPublicKeyText,
  adoptExisting: z.boolean().default(false),
});
export type SshKeyInputs = z.output<typeof SshKeyInputs>;

export interface SshKeyOutputs extends SshKeyInputs {
  /** The service's id of the key (also the resource id). */
  keyId: string;
  /** OpenSSH `SHA256:…` fingerprint of the key. */
  fingerprint: string;
}

/** Every key on the account; each page read is shared by concurrent readers. */
export function listMyKeys(client: CodeArtsClient): Promise<SshKeyV4[]> {
  return client.paginate("listSshKeys");
}

function outputsOf(inputs: SshKeyInputs, keyId: number, title?: string | null): SshKeyOutputs {
  return { ...inputs, title: title ?? inputs.title, keyId: String(keyId), fingerprint: sshFingerprint(inputs.key) };
}

export const provider = defineProvider({
  configure,

  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    return checkKeyInputs(SshKeyInputs, news);
  },

  async diff(_id: string, olds: SshKeyOutputs, news: SshKeyInputs): Promise<pulumi.dynamic.DiffResult> {
    return keyDiff(olds, news as SshKeyOutputs, ["title"], []);
  },

  async create(inputs: SshKeyInputs): Promise<pulumi.dynamic.CreateResult<SshKeyOutputs>> {
    const client = apiClient();
    const findSameKey = async () => (await listMyKeys(client)).find((listed) => sameSshPublicKey(listed.key ?? undefined, inputs.key));
    const conflict = (existing: SshKeyV4) =>
      `This key is already on your account as SSH key ${existing.id} (title "${existing.title ?? ""}"). ` +
      `Set adoptExisting: true to manage it with this program, or remove it first.`;
    // Looked up first (the coalesced list: one walk for all keys of a run) because a lost answer is
    // recovered by the key text: a key already on the account would otherwise be taken for the one
    // created, and a destroy would remove it.
    const existing = await findBeforeCreate({ findExisting: findSameKey, adoptExisting: inputs.adoptExisting, conflict, where: "GET /v4/user/keys" });
    if (existing) return { id: String(existing.id), outs: outputsOf(inputs, existing.id, existing.title) };
    const created = await createOrExplainConflict({
      create: () => client.call("createSshKey", { body: { key: inputs.key.trim(), title: inputs.title } }),
      findExisting: findSameKey,
      recovered: (found) => found,
      adoptExisting: inputs.adoptExisting,
      conflict,
      where: "POST /v4/user/keys",
    });
    return { id: String(created.id), outs: outputsOf(inputs, created.id) };
  },

  async read(id: string, props: SshKeyOutputs): Promise<pulumi.dynamic.ReadResult<SshKeyOutputs>> {
    const keys = await listMyKeys(apiClient());
    const listed = keys.find((key) => String(key.id) === id) ?? keys.find((key) => sameSshPublicKey(key.key ?? undefined, props.key));
    if (!listed) return {};
    const liveId = String(listed.id);
    // Keep the program's text when the service stored the same key differently spaced or without
    // its comment; report the live key when it is another key.
    const liveKey = listed.key && !sameSshPublicKey(listed.key, props.key) ? listed.key : props.key;
    const parsed = parseSshPublicKey(liveKey);
    return {
      id: liveId,
      props: {
        ...props,
        keyId: liveId,
        title: listed.title ?? props.title,
        key: liveKey,
        fingerprint: parsed.ok ? parsed.key.fingerprintSha256 : props.fingerprint,
      },
    };
  },

  async update(_id: string, olds: SshKeyOutputs, news: SshKeyInputs): Promise<pulumi.dynamic.UpdateResult<SshKeyOutputs>> {
    // Only adoptExisting can change without a replacement, and it needs no API call.
    return { outs: { ...olds, adoptExisting: news.adoptExisting } };
  },

  async delete(id: string): Promise<void> {
    await deleteUnlessGone(() => apiClient().call("deleteSshKey", { params: { key_id: id } }));
  },
});
