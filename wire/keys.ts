/**
 * Wire schemas of deploy keys and user SSH keys (shared by the client and the emulator).
 *
 * Sources: CN2024 §4.2.14 (add deploy key), §4.2.15 (delete deploy key); V4 digest §4.2 (deploy-key
 * list) and §7 (user SSH keys: the V4 calls that replace the deprecated v1 §4.1.1, §4.1.2, §7.1.1).
 */
import { z } from "zod";

const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** The service's documented key length limit (§4.1.2 PublicKey.key: 0–2048). */
const KeyText = z.string().max(2048);

/** POST /v2/repositories/{repository_id}/deploy-keys body (§4.2.14: every field required). */
export const CreateDeployKeyBody = z.object({
  key: KeyText.min(1),
  key_title: z.string().min(1),
  can_push: z.boolean(),
  application: z.string(),
});
export type CreateDeployKeyBody = z.infer<typeof CreateDeployKeyBody>;

/**
 * §4.2.14 Key. `key_id` is a string here (1–40 characters) although the delete path takes it as
 * an integer (v4 digest, open question 15). The example returns only key_id, key_title and key.
 */
export const DeployKeyV2 = z.object({
  key_id: z.string().min(1),
  key_title: optionalNullable(z.string()),
  key: optionalNullable(z.string()),
  can_push: optionalNullable(z.boolean()),
  created_at: optionalNullable(z.string()),
});
export type DeployKeyV2 = z.infer<typeof DeployKeyV2>;

/** V4 DeployKeyDto (digest §4.2): no key text, no can_push. */
export const DeployKeyV4 = z.object({
  id: z.number().int(),
  title: optionalNullable(z.string()),
  fingerprint: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
});
export type DeployKeyV4 = z.infer<typeof DeployKeyV4>;

/** V4 paging: 0-based offset and a page size (digest §0). */
export const V4PageQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type V4PageQuery = z.infer<typeof V4PageQuery>;

/** POST /v4/user/keys body (v4 digest §7; SDK DeployKeyParamsDto: title and key, 1–1000 characters each). */
export const CreateSshKeyBody = z.object({ title: z.string().min(1).max(1000), key: z.string().min(1).max(1000) });
export type CreateSshKeyBody = z.infer<typeof CreateSshKeyBody>;

/**
 * SSHKeyDto, also the add call's answer (v4 digest §7; SDK AddSshKeyResponse): the id is an
 * integer here, where the deprecated v1 calls typed it as a string (§4.1.1).
 */
export const SshKeyV4 = z.object({
  id: z.number().int(),
  title: optionalNullable(z.string()),
  key: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
});
export type SshKeyV4 = z.infer<typeof SshKeyV4>;

/** GET /v4/user/keys query (v4 digest §7): `query` matches the key title. */
export const SshKeyListQuery = V4PageQuery.extend({ query: z.string().min(1).max(2000).optional() });

/** GET /v4/user/keys answer: an object with its own total, not a raw array with X-Total (v4 digest §7). */
export const SshKeyListV4 = z.object({ keys: z.array(SshKeyV4), total: optionalNullable(z.number().int()) });
export type SshKeyListV4 = z.infer<typeof SshKeyListV4>;
