/**
 * SSHKey: an SSH public key on the account of the user the provider's credentials authenticate
 * as (user-level, not per repository).
 *
 * | operation | API |
 * |---|---|
 * | create | POST /v1/users/sshkey (§4.1.2) |
 * | adopt  | GET /v1/users/sshkey (§4.1.1), matched by the key's normal form |
 * | read   | GET /v1/users/sshkey (§4.1.1; one unpaged list, coalesced), absent → gone |
 * | update | none: no documented call changes a key or its title, so every change replaces it |
 * | delete | DELETE /v1/users/sshkey/{id} (§7.1.1; 404 → already gone) |
 *
 * Blind spots: none in the key itself; the list returns id, title and key text. The service may
 * store the key re-spaced or without its comment, so the key read back is compared by its normal
 * form (type + body) and the program's text is kept when they match. Which user owns the key is
 * not recorded: if the credentials change to another user, the key is not in that user's list and
 * reads as gone, so the next `up` adds it to the new user.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CodeArtsClient } from "./client";
import { CodeArtsApiError, CodeArtsOperationError, isNotFound } from "./errors";
import { checkKeyInputs, keyDiff } from "./keys-common";
import { apiClient, configure, defineProvider } from "./runtime";
import { SshPublicKeyText, parseSshPublicKey, sameSshPublicKey, sshFingerprint } from "./ssh-public-key";
import { SshKeyV1 } from "./wire-keys";
import { createWithoutDuplicates } from "./recovery";

export const SshKeyInputs = z.object({
  title: z.string().refine((title) => title.trim() !== "", "must not be empty"),
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

async function listMyKeys(client: CodeArtsClient): Promise<SshKeyV1[]> {
  return (await client.call("listSshKeys")).sshkey;
}

function outputsOf(inputs: SshKeyInputs, keyId: string, title?: string | null): SshKeyOutputs {
  return { ...inputs, title: title ?? inputs.title, keyId, fingerprint: sshFingerprint(inputs.key) };
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
    if (inputs.adoptExisting) {
      const existing = await findSameKey();
      if (existing) return { id: existing.id, outs: outputsOf(inputs, existing.id, existing.title) };
    }
    try {
      const created = await createWithoutDuplicates({
        create: () => client.call("createSshKey", { body: { key: inputs.key.trim(), title: inputs.title } }),
        findExisting: findSameKey,
      });
      return { id: created.id, outs: outputsOf(inputs, created.id) };
    } catch (error) {
      if (error instanceof CodeArtsApiError && error.httpStatus < 500 && !inputs.adoptExisting) {
        const existing = await findSameKey().catch(() => undefined);
        if (existing) {
          throw new CodeArtsOperationError(
            `This key is already on your account as SSH key ${existing.id} (title "${existing.title ?? ""}"). ` +
              `Set adoptExisting: true to manage it with this program, or remove it first. (${error.message})`,
            "POST /v1/users/sshkey",
          );
        }
      }
      throw error;
    }
  },

  async read(id: string, props: SshKeyOutputs): Promise<pulumi.dynamic.ReadResult<SshKeyOutputs>> {
    const listed = (await listMyKeys(apiClient())).find((key) => key.id === id);
    if (!listed) return {};
    // Keep the program's text when the service stored the same key differently spaced or without
    // its comment; report the live key when it is another key.
    const liveKey = listed.key && !sameSshPublicKey(listed.key, props.key) ? listed.key : props.key;
    const parsed = parseSshPublicKey(liveKey);
    return {
      id,
      props: {
        ...props,
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
    try {
      await apiClient().call("deleteSshKey", { params: { id } });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  },
});
