/**
 * A repository's trusted IP addresses, V4 (official SDK add/list/update/delete_trusted_ip_address;
 * models in wire/trusted-ip-addresses.ts). The SDK's path names the repository `{id}` below
 * `/v4/projects/`; the route calls it `repository_id`, which is what the SDK says it is.
 */
import { z } from "zod";
import { route } from "../route-spec";
import * as wire from "../../wire/trusted-ip-addresses";

export const trustedIpAddressRoutes = {
  createTrustedIpAddress: route({
    method: "POST",
    changes: ["listTrustedIpAddresses"],
    path: "/v4/projects/{repository_id}/trusted-ip-addresses",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.TrustedIpAddressBody,
    result: wire.TrustedIpAddress,
    // A blind retry after a lost answer could list the address twice.
    idempotent: false,
  }),
  listTrustedIpAddresses: route({
    method: "GET",
    path: "/v4/projects/{repository_id}/trusted-ip-addresses",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.TrustedIpAddressListQuery,
    // A raw array with the X-Total header (the SDK's response headers).
    result: z.array(wire.TrustedIpAddress),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "header", pageSize: 100 },
  }),
  updateTrustedIpAddress: route({
    method: "PUT",
    changes: ["listTrustedIpAddresses"],
    path: "/v4/projects/{repository_id}/trusted-ip-addresses/{ip_id}",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.TrustedIpAddressBody,
    result: wire.TrustedIpAddress,
    idempotent: true,
  }),
  /** The SDK answers `{status}`; no status code is documented: 200 with that body. */
  deleteTrustedIpAddress: route({
    method: "DELETE",
    changes: ["listTrustedIpAddresses"],
    path: "/v4/projects/{repository_id}/trusted-ip-addresses/{ip_id}",
    service: "repo",
    style: "bare",
    status: 200,
    result: wire.TrustedIpAddressDeleted,
    idempotent: true,
  }),
} as const;
