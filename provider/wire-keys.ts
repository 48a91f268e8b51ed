/**
 * Wire schemas of deploy keys and user SSH keys (shared by the client and the emulator).
 *
 * Sources: CN2024 §4.2.14 (add deploy key), §4.2.15 (delete deploy key), §4.1.1 / §4.1.2 (list and
 * add SSH keys), §7.1.1 (delete SSH key); V4 digest §4.2 (deploy-key list) and §7.
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

/** §4.1.2 request body. */
export const CreateSshKeyBody = z.object({ key: KeyText.min(1), title: z.string().min(1) });
export type CreateSshKeyBody = z.infer<typeof CreateSshKeyBody>;

/** §4.1.1 / §4.1.2 PublicKey: the id is a string (1–40). */
export const SshKeyV1 = z.object({
  id: z.string().min(1).max(40),
  title: optionalNullable(z.string()),
  key: optionalNullable(z.string()),
});
export type SshKeyV1 = z.infer<typeof SshKeyV1>;

/** §4.1.1 PublicKeyList. */
export const SshKeyListV1 = z.object({ total: optionalNullable(z.number().int()), sshkey: z.array(SshKeyV1) });
export type SshKeyListV1 = z.infer<typeof SshKeyListV1>;
