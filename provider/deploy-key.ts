/**
 * DeployKey: an SSH public key that gives read (or read-write) access to one repository.
 *
 * | operation | API |
 * |---|---|
 * | create | the V4 list below (the key listed → refuse, or adopt with adoptExisting), then POST /v2/repositories/{repository_id}/deploy-keys (§4.2.14) |
 * | adopt  | GET /v4/repositories/{repository_id}/deploy-keys (V4 digest §4.2), matched by fingerprint |
 * | read   | GET /v4/repositories/{repository_id}/deploy-keys, coalesced, paged by offset/limit 100; absent or repository 404 → gone |
 * | update | none: the service has no call that changes a deploy key, so every change replaces it |
 * | delete | DELETE /v2/repositories/{repository_id}/deploy-keys/{key_id} (§4.2.15; 404 → already gone) |
 *
 * Blind spots: the list returns neither the key text nor can_push.
 * - The key is checked through its fingerprint: the fingerprint of the key in state is compared
 *   with the listed one (either SHA256 or MD5 form, see ssh-public-key.ts), so a key swapped in the
 *   console under the same id shows as drift, and `preview` then proposes to replace it.
 * - can_push and application cannot be read back: they are kept from state as the program set
 *   them, so a change made in the console to can_push is not seen.
 * - The title is read back, so a console rename shows as drift (and replaces on the next up).
 *
 * Adopting a listed key whose text the program cannot read back (what `codeartsrepo import`
 * writes): `expectedFingerprint` names the listed key. `check` refuses a `key` without that
 * fingerprint before any call, and adoption refuses to add a key when the repository lists none
 * with it, so a wrong key text is an error, never a second deploy key.
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { CodeArtsAdoptionRefusedError } from "../api/errors";
import { checkKeyInputs, keyDiff } from "./keys-common";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import { ChildImport, Skipped, StackConfig, locateInRepository } from "./importing";
import type { ProviderContext } from "./runtime";
import { claimedInNewRepository } from "./new-repositories";
import { SshPublicKeyText, fingerprintMatches, sshFingerprint } from "./ssh-public-key";
import { RepositoryIdentity, UNKNOWN } from "./validation";
import { DeployKeyV4 } from "../wire/keys";
import { deleteUnlessGone } from "./lifecycle";

// A named shape: the declarations the package ships keep its doc comments, which the inferred
// type of z.object({...}) drops (and with them the docs a program author sees on DeployKeyArgs).
const DeployKeyShape = {
  ...RepositoryIdentity,
  /** The key's name in the repository's settings. Must not be empty. Changing it replaces the key. */
  title: z.string().refine((title) => title.trim() !== "", "must not be empty"),
  /**
   * An OpenSSH public key, `type base64 [comment]` (e.g. the contents of id_ed25519.pub). Comments
   * and spacing do not count as changes; another key replaces the deploy key.
   */
  key: SshPublicKeyText,
  /**
   * Whether the key may push (default false). The service never reports it back, so a change made
   * in the console is not seen. Changing it replaces the key.
   */
  canPush: z.boolean().default(false),
  /** Where the key is used, as the service records it (default ""). Changing it replaces the key. */
  application: z.string().default(""),
  /**
   * If this key is already a deploy key of the repository, manage it instead of failing. Deleting
   * the resource removes the adopted key, unless the resource has `retainOnDelete: true`.
   */
  adoptExisting: z.boolean().default(false),
  /**
   * The fingerprint (`SHA256:…` or MD5) of the listed key to adopt, as `codeartsrepo import` writes
   * it: a `key` with another fingerprint fails `check`, and adoption adds no key when the repository
   * lists none with this one. Leave it out for a key the program creates.
   */
  expectedFingerprint: z.string().min(1, "must not be empty (leave it out instead)").optional(),
};
export const DeployKeyInputs: z.ZodObject<typeof DeployKeyShape> = z.object(DeployKeyShape);
export type DeployKeyInputs = z.output<typeof DeployKeyInputs>;

export interface DeployKeyOutputs extends DeployKeyInputs {
  /** The service's id of the key (also the resource id). */
  keyId: string;
  /** The key's OpenSSH `SHA256:…` fingerprint (or the service's, when a refresh found another key under this id). */
  fingerprint: string;
  /** When the service added the key, as it reports it ("" when it does not say). */
  createdAt: string;
}

/** Fields with no update API; `key` is compared separately, by its normal form. */
const REPLACE_ON_CHANGE = ["repositoryId", "repositoryUuid", "title", "canPush", "application"] as const satisfies readonly (keyof DeployKeyOutputs)[];
/** The same key may be a deploy key once per repository. */
const SCOPE = ["repositoryId", "repositoryUuid"] as const;

function findDeployKey(client: CodeArtsClient, repositoryId: number, matches: (key: DeployKeyV4) => boolean): Promise<DeployKeyV4 | undefined> {
  return client.find("listDeployKeys", { params: { repository_id: repositoryId } }, matches);
}

/** The repository's deploy key with the same key material, whatever its title. */
function findSameKey(client: CodeArtsClient, inputs: DeployKeyInputs): Promise<DeployKeyV4 | undefined> {
  return findDeployKey(client, inputs.repositoryId, (listed) => fingerprintMatches(listed.fingerprint, inputs.key));
}

/** The delete call, shared by the resource's delete and `codeartsrepo prune`. */
function deleteKey(client: CodeArtsClient, repositoryId: number, keyId: string | number) {
  return client.call("deleteDeployKey", { params: { repository_id: repositoryId, key_id: keyId } });
}

function outputsOf(inputs: DeployKeyInputs, keyId: string, createdAt: string | null | undefined, title?: string | null): DeployKeyOutputs {
  return { ...inputs, title: title ?? inputs.title, keyId, fingerprint: sshFingerprint(inputs.key), createdAt: createdAt ?? "" };
}

/** A deploy key as `codeartsrepo import` declares it. */
export interface ImportedDeployKey {
  keyId: number;
  title: string;
  /** As the service lists it; the key text itself is not readable. */
  fingerprint: string;
}

/**
 * A repository's deploy keys, by id. Neither the key text nor whether it may push is readable:
 * both become required stack config, and the listed fingerprint makes adoption refuse another key.
 */
const importer: ChildImport<"deployKeys", ImportedDeployKey> = {
  field: "deployKeys",
  order: 50,
  count: ["deploy key", "deploy keys"],
  async read(repository) {
    const items: ImportedDeployKey[] = [];
    const skipped: Skipped[] = [];
    for (const key of [...(await repository.list("listDeployKeys"))].sort((a, b) => a.id - b.id)) {
      const what = `deploy key "${key.title ?? ""}" (id ${key.id})`;
      if (!key.fingerprint) skipped.push({ what, why: "the service lists no fingerprint for it, so adoption could not tell the key" });
      else if (!key.title || key.title.trim() === "") skipped.push({ what, why: "it has no title, which a DeployKey resource needs" });
      else items.push({ keyId: key.id, title: key.title, fingerprint: key.fingerprint });
    }
    return { items, skipped };
  },
  name: { prefix: "deploy-key", base: (key) => key.title },
  declare(key, { name, repositoryName }) {
    const keyKey = `${name}-key`;
    const canPushKey = `${name}-can-push`;
    const where = `deploy key "${key.title}" (id ${key.keyId}) of repository "${repositoryName}"`;
    return {
      comments: [
        `Deploy key ${key.keyId}, listed fingerprint ${key.fingerprint}. Neither its text nor whether it may push can be read:`,
        `set \`${keyKey}\` (the public key) and \`${canPushKey}\`. Adoption refuses a key with another fingerprint.`,
      ],
      fields: {
        title: key.title,
        key: new StackConfig({ key: keyKey, required: true, secret: false, what: `the public key text of ${where}, fingerprint ${key.fingerprint}` }),
        canPush: new StackConfig({ key: canPushKey, required: true, secret: false, boolean: true, what: `whether ${where} may push (true or false), as the console shows it` }),
        expectedFingerprint: key.fingerprint,
      },
    };
  },
  managedId: (key) => String(key.keyId),
  importId: (key, repository) => `${repository.id}/${key.keyId}`,
};

export const deployKey: ResourceDescriptor<"deploy-key", DeployKeyInputs, DeployKeyOutputs, typeof importer> = defineResource({
  kind: "deploy-key",
  type: "DeployKey",
  inputs: DeployKeyInputs,
  fields: { replace: REPLACE_ON_CHANGE, update: ["adoptExisting"], naturalKey: ["key", ...SCOPE] },
  report: {
    label: "deploy key",
    key: ["title"],
    unmanaged: unmanagedIn("listDeployKeys", {
      declaredId: (outputs) => String(outputs.keyId),
      liveId: (key) => String(key.id),
      describe: (key) => ({ name: key.title ?? String(key.id), properties: { title: key.title ?? String(key.id) }, fields: { title: key.title, fingerprint: key.fingerprint } }),
      remove: (client, key, { repositoryId }) => deleteUnlessGone(() => deleteKey(client, repositoryId, key.id)),
    }),
  },
  importer,
  id: (outputs: DeployKeyOutputs) => outputs.keyId,

  async check(news) {
    const result = await checkKeyInputs(DeployKeyInputs, news);
    const { key, expectedFingerprint } = news;
    // A key that is not the listed one is refused before any call (a public key is no secret to name).
    if ((result.failures ?? []).length === 0 && typeof expectedFingerprint === "string" && typeof key === "string" && key !== UNKNOWN && expectedFingerprint !== UNKNOWN && !fingerprintMatches(expectedFingerprint, key)) {
      return {
        inputs: result.inputs,
        failures: [{ property: "key", reason: `is another key than the one expectedFingerprint names (${expectedFingerprint}; this key is ${sshFingerprint(key)})` }],
      };
    }
    return result;
  },

  diff: (olds, news) => keyDiff(olds, news as DeployKeyOutputs, REPLACE_ON_CHANGE, SCOPE),

  // Looked up first (the coalesced list) because a lost answer is recovered by the key's
  // fingerprint: a key someone added before would otherwise be taken for the one created, and a
  // destroy would remove their access. A repository this run created is known to hold no key, so
  // there the look costs no call (new-repositories.ts).
  create: {
    find: ({ client }, inputs) => findSameKey(client, inputs),
    look: async (context, inputs) =>
      claimedInNewRepository(context, inputs.repositoryId, "listDeployKeys", sshFingerprint(inputs.key)) ? undefined : findSameKey(context.client, inputs),
    conflict: (inputs, existing: DeployKeyV4) =>
      `This key is already a deploy key of repository ${inputs.repositoryId} (key id ${existing.id}, title "${existing.title ?? ""}"). ` +
      `Set adoptExisting: true to manage it with this program, or remove it from the repository first.`,
    adopt: (_context, inputs, existing) => outputsOf(inputs, String(existing.id), existing.created_at, existing.title),
    call({ client }: ProviderContext, inputs: DeployKeyInputs) {
      if (inputs.adoptExisting && inputs.expectedFingerprint !== undefined) {
        throw new CodeArtsAdoptionRefusedError(
          `Repository ${inputs.repositoryId} lists no deploy key with fingerprint ${inputs.expectedFingerprint} (expectedFingerprint), ` +
            "so there is nothing to adopt; nothing was added. Check the key, or leave expectedFingerprint out to add it as a new deploy key.",
        );
      }
      return client.call("createDeployKey", {
        params: { repository_id: inputs.repositoryId },
        body: { key: inputs.key.trim(), key_title: inputs.title, can_push: inputs.canPush, application: inputs.application },
      });
    },
    recovered: (found) => ({ key_id: String(found.id), created_at: found.created_at }),
    created: (inputs, answer) => outputsOf(inputs, answer.key_id, answer.created_at),
    routes: { find: "listDeployKeys", create: "createDeployKey", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read({ client }, id, props) {
    const listed = await findDeployKey(client, props.repositoryId, (key) => String(key.id) === id);
    if (!listed) return undefined;
    // A listed fingerprint that is not this key's means the key was swapped in the console;
    // record the live one so diff proposes a replacement. No fingerprint listed: nothing to compare.
    // An import knows no key text: the listed fingerprint is the only one there is.
    const imported = props.key === undefined;
    const swapped = !!listed.fingerprint && (imported || !fingerprintMatches(listed.fingerprint, props.key));
    return {
      ...props,
      title: listed.title ?? props.title,
      fingerprint: swapped ? listed.fingerprint! : props.fingerprint,
      createdAt: props.createdAt || (listed.created_at ?? ""),
    };
  },

  // The key's text is not readable (the V4 list gives its fingerprint): an imported DeployKey
  // has no `key` input, and the program must add the public key it holds.
  importId: {
    format: "<repository>/<keyId>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.keyId}`,
    async locate({ client }, importId) {
      const { rest: keyId, ...repository } = await locateInRepository(client, importId);
      return { id: keyId, props: { ...repository, keyId } };
    },
  },

  remove: ({ client }, id, props) => deleteKey(client, props.repositoryId, id),
});

export const provider = deployKey.provider;
