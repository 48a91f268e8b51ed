/**
 * Deploy keys (§4.2.14, §4.2.15; V4 digest §4.2) and user SSH keys (V4 digest §7; the deprecated v1
 * calls §4.1.1, §4.1.2, §7.1.1 are no longer served).
 *
 * Emulator choices where the sources are silent:
 * - keys are stored re-spaced (trimmed, one space between type, body and comment), so a provider
 *   that compares raw text would see a perpetual diff;
 * - the same key (type + body, whatever the comment) is refused twice in one repository, and twice
 *   for one user, with 400 CH.010001, as GitLab refuses a taken fingerprint;
 * - the V4 list answers `fingerprint` in OpenSSH's `SHA256:…` form (see provider/ssh-public-key.ts);
 * - a user SSH key has one id, a number: the v1 calls showed it as a string, V4 as an integer
 *   (records from older data files keep the string form);
 * - deleting an SSH key that is not the caller's answers 404 in the V4 error shape, and a delete
 *   answers 204 without a body (the SDK's answer model is empty).
 */
import { parseSshPublicKey } from "../provider/ssh-public-key";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { Repository, SshKeyRecord, World, serviceTime, v4Time } from "./state";

type KeyHandlers = Pick<Handlers, "createDeployKey" | "listDeployKeys" | "deleteDeployKey" | "createSshKey" | "listSshKeys" | "deleteSshKey">;

const FIRST_KEY_ID = 1034500;

/** The key as the service stores it, plus its comparable form; a bad key is refused as the service would. */
function storedKey(text: string): { stored: string; normalized: string; fingerprint: string } {
  const parsed = parseSshPublicKey(text);
  if (!parsed.ok) throw faults.invalid("Param invalid: key is not a valid SSH public key");
  const { normalized, comment, fingerprintSha256 } = parsed.key;
  return { stored: comment ? `${normalized} ${comment}` : normalized, normalized, fingerprint: fingerprintSha256 };
}

function sshKeyV4(record: SshKeyRecord) {
  return { id: Number(record.id), title: record.title, key: record.key, created_at: v4Time(record.createdAt) };
}

export function keyHandlers(world: World): KeyHandlers {
  const nextKeyId = (): number => {
    const id = world.data.nextKeyId ?? FIRST_KEY_ID;
    world.data.nextKeyId = id + 1;
    return id;
  };
  const repositoryV2 = (id: string): Repository => {
    const repo = world.repositoryById(Number(id));
    if (!repo) throw faults.notFound(`Repository ${id} does not exist`);
    return repo;
  };

  return {
    createDeployKey({ params, body }) {
      const repo = repositoryV2(params.repository_id);
      const { stored, normalized } = storedKey(body.key);
      const keys = (repo.deployKeys ??= []);
      if (keys.some((existing) => storedKey(existing.key).normalized === normalized)) {
        throw faults.invalid("Param invalid: this deploy key has already been added to the repository");
      }
      const record = {
        id: nextKeyId(),
        title: body.key_title,
        key: stored,
        canPush: body.can_push,
        application: body.application,
        createdAt: serviceTime(),
      };
      keys.push(record);
      world.save();
      return { key_id: String(record.id), key_title: record.title, key: record.key, can_push: record.canPush, created_at: record.createdAt };
    },

    listDeployKeys({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const keys = repo.deployKeys ?? [];
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 20;
      const page = keys.slice(offset, offset + limit).map((record) => ({
        id: record.id,
        title: record.title,
        fingerprint: storedKey(record.key).fingerprint,
        created_at: v4Time(record.createdAt),
      }));
      return new Reply(page, undefined, { "X-Total": String(keys.length) });
    },

    deleteDeployKey({ params }) {
      const repo = repositoryV2(params.repository_id);
      const keys = repo.deployKeys ?? [];
      const keyId = Number(params.key_id);
      if (!keys.some((record) => record.id === keyId)) throw faults.notFound(`Deploy key ${params.key_id} does not exist`);
      repo.deployKeys = keys.filter((record) => record.id !== keyId);
      world.save();
      // The documented example answers the string "false" even on success (§4.2.15).
      return "false";
    },

    createSshKey({ body, userId }) {
      const { stored, normalized } = storedKey(body.key);
      const keys = (world.data.sshKeys ??= []);
      if (keys.some((existing) => existing.userId === userId && storedKey(existing.key).normalized === normalized)) {
        throw faults.invalid("Param invalid: this SSH key has already been added to your account");
      }
      const record = { id: String(nextKeyId()), userId, title: body.title, key: stored, createdAt: serviceTime() };
      keys.push(record);
      world.save();
      return sshKeyV4(record);
    },

    listSshKeys({ query, userId }) {
      const needle = query.query?.toLowerCase();
      const mine = (world.data.sshKeys ?? []).filter((record) => record.userId === userId && (!needle || record.title.toLowerCase().includes(needle)));
      const offset = query.offset ?? 0;
      return { keys: mine.slice(offset, offset + (query.limit ?? 20)).map(sshKeyV4), total: mine.length };
    },

    deleteSshKey({ params, userId }) {
      const keys = world.data.sshKeys ?? [];
      const isTarget = (record: SshKeyRecord) => Number(record.id) === Number(params.key_id) && record.userId === userId;
      if (!keys.some(isTarget)) throw faults.notFound(`SSH key ${params.key_id} does not exist`);
      world.data.sshKeys = keys.filter((record) => !isTarget(record));
      world.save();
      return undefined;
    },
  };
}
