/**
 * Wire schemas of a repository's trusted IP addresses (the IP allowlist), V4, shared by the client
 * and the emulator.
 *
 * Source: the official SDK, huaweicloudsdkcodeartsrepo 3.1.219, v4 operations
 * add/list/update/delete_trusted_ip_address, models AddTrustedIpAddressRequestBody (create and
 * update body) and TrustedIpAddressDto (list item, create and update answers). The path reads
 * `/v4/projects/{id}/…`, but the SDK's note on `id` is "repository id: the number after
 * Repository ID on the repository's home page": these are a repository's addresses, not a
 * CodeArts project's. Field notes (translated): `ip_type` "format: 0 a single ip, 1 an ip range,
 * 2 CIDR"; `ip_start`, `ip_end` "start ip", "end ip"; `view_flag`, `download_flag`, `upload_flag`
 * "may view the repository / download code / commit code: 0 no, 1 yes"; `remark` "at most 200
 * characters"; `ip_range` (answer only) "ip range"; `id` "allowlist id" (a string in the answer,
 * an integer `ip_id` in update and delete paths).
 *
 * The SDK is silent on: which fields are required (all are optional in the model), defaults of
 * the flags, where a CIDR block goes (the provider sends it in `ip_start`), whether IPv6 is
 * taken, whether an address may be listed twice, `order_flag`'s meaning, and the list's maximum
 * `limit`.
 */
import { z } from "zod";
import { optionalNullable } from ".";

/** `ip_type` values, in the SDK's order. */
export const TRUSTED_IP_TYPES = { ip: 0, range: 1, cidr: 2 } as const;
export const TRUSTED_IP_REMARK_MAX = 200;

const Flag = z.union([z.literal(0), z.literal(1)]);

/** AddTrustedIpAddressRequestBody: the create and the update body; every field optional in the SDK. */
export const TrustedIpAddressBody = z.object({
  ip_type: z.number().int().min(0).max(2).optional(),
  ip_start: z.string().optional(),
  ip_end: z.string().optional(),
  view_flag: Flag.optional(),
  download_flag: Flag.optional(),
  upload_flag: Flag.optional(),
  remark: z.string().max(TRUSTED_IP_REMARK_MAX).optional(),
});
export type TrustedIpAddressBody = z.infer<typeof TrustedIpAddressBody>;

/** TrustedIpAddressDto as answered. */
export const TrustedIpAddress = z.object({
  id: z.union([z.string(), z.number().int()]).transform(String),
  repository_id: optionalNullable(z.number().int()),
  ip_range: optionalNullable(z.string()),
  ip_type: optionalNullable(z.number().int()),
  ip_start: optionalNullable(z.string()),
  ip_end: optionalNullable(z.string()),
  view_flag: optionalNullable(z.number().int()),
  download_flag: optionalNullable(z.number().int()),
  upload_flag: optionalNullable(z.number().int()),
  order_flag: optionalNullable(z.number().int()),
  remark: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
  updated_at: optionalNullable(z.string()),
});
export type TrustedIpAddress = z.output<typeof TrustedIpAddress>;

/** GET …/trusted-ip-addresses query (ListTrustedIpAddressesRequest); the maximum limit is undocumented, 100 as for the other V4 lists. */
export const TrustedIpAddressListQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** DeleteTrustedIpAddressResponse: `status` "success" or "fail". */
export const TrustedIpAddressDeleted = z.object({ status: optionalNullable(z.string()) });
