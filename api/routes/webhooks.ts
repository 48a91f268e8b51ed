/** Repository webhook calls, V4 (v4 digest §6). */
import { route } from "../route-spec";
import * as wire from "../../wire/webhooks";
import { z } from "zod";

export const webhookRoutes = {
  listRepositoryWebhooks: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/hooks",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.WebhookListQuery,
    // A raw array; the total is in the X-Total header.
    result: z.array(wire.Webhook),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "header", pageSize: 100 },
  }),
  createRepositoryWebhook: route({
    method: "POST",
    changes: ["listRepositoryWebhooks"],
    path: "/v4/repositories/{repository_id}/hooks",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.WebhookParams,
    result: wire.Webhook,
    idempotent: false,
  }),
  updateRepositoryWebhook: route({
    method: "PUT",
    changes: ["listRepositoryWebhooks"],
    path: "/v4/repositories/{repository_id}/hooks/{hook_id}",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.WebhookParams,
    result: wire.Webhook,
    idempotent: true,
  }),
  deleteRepositoryWebhook: route({
    method: "DELETE",
    changes: ["listRepositoryWebhooks"],
    path: "/v4/repositories/{repository_id}/hooks/{hook_id}",
    service: "repo",
    style: "bare",
    status: 204,
    result: wire.NoContent,
    idempotent: true,
  }),
} as const;
