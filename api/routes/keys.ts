/** Routes of deploy keys (repository-level) and SSH keys (user-level, V4 since the v1 calls are deprecated). */
import { z } from "zod";
import { route } from "../route-spec";
import { LooseBoolean, V4DeleteAnswer } from "../../wire";
import * as wire from "../../wire/keys";

export const keysRoutes = {
  createDeployKey: route({
    changes: ["listDeployKeys"],
    method: "POST",
    path: "/v2/repositories/{repository_id}/deploy-keys",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.CreateDeployKeyBody,
    result: wire.DeployKeyV2,
    // A blind retry after a lost answer would be refused as a duplicate key, not succeed.
    idempotent: false,
  }),
  listDeployKeys: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/deploy-keys",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.V4PageQuery,
    result: z.array(wire.DeployKeyV4),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "none", pageSize: 100 },
  }),
  deleteDeployKey: route({
    changes: ["listDeployKeys"],
    method: "DELETE",
    path: "/v2/repositories/{repository_id}/deploy-keys/{key_id}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: LooseBoolean,
    idempotent: true,
  }),
  /** v4 digest §7 AddSshKey (replaces the deprecated POST /v1/users/sshkey). */
  createSshKey: route({
    method: "POST",
    path: "/v4/user/keys",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.CreateSshKeyBody,
    result: wire.SshKeyV4,
    // A blind retry after a lost answer would be refused as a duplicate key, not succeed.
    idempotent: false,
  }),
  /** v4 digest §7 ListUserKeys: `{keys, total}`, paged by offset/limit. */
  listSshKeys: route({
    method: "GET",
    path: "/v4/user/keys",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.SshKeyListQuery,
    result: wire.SshKeyListV4,
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", items: "keys", total: "body", pageSize: 100 },
  }),
  /** v4 digest §7 DeleteSshKey: the SDK's answer model is empty; 204 like the other V4 deletes (digest §0). */
  deleteSshKey: route({
    method: "DELETE",
    path: "/v4/user/keys/{key_id}",
    service: "repo",
    style: "bare",
    status: 204,
    result: V4DeleteAnswer,
    idempotent: true,
  }),
} as const;
