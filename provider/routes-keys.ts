/** Routes of deploy keys (repository-level) and SSH keys (user-level). */
import { z } from "zod";
import { route } from "./route-spec";
import { LooseBoolean } from "./wire";
import * as wire from "./wire-keys";

export const keysRoutes = {
  createDeployKey: route({
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
  }),
  deleteDeployKey: route({
    method: "DELETE",
    path: "/v2/repositories/{repository_id}/deploy-keys/{key_id}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: LooseBoolean,
    idempotent: true,
  }),
  createSshKey: route({
    method: "POST",
    path: "/v1/users/sshkey",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.CreateSshKeyBody,
    result: wire.SshKeyV1,
    idempotent: false,
  }),
  listSshKeys: route({
    method: "GET",
    path: "/v1/users/sshkey",
    service: "repo",
    style: "envelope",
    status: 200,
    result: wire.SshKeyListV1,
    idempotent: true,
    coalesce: true,
  }),
  deleteSshKey: route({
    method: "DELETE",
    path: "/v1/users/sshkey/{id}",
    service: "repo",
    style: "envelope",
    status: 200,
    // §7.1.1 types it as a string (the deleted id); tolerate a boolean too, like other deletes.
    result: z.union([z.string(), LooseBoolean]).nullable().optional(),
    idempotent: true,
  }),
} as const;
