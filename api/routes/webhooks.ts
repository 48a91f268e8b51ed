/**
 * Repository and project webhook calls, V4 (v4 digest §6; official SDK
 * add/list/update/remove_repository_webhook and add/list/update/remove_project_webhook). Both
 * holders' calls take the SDK's WebhookParamsDto and answer WebhookDto, at the same paths below
 * the holder: a repository by its integer id, a project by the CodeArts project's 32-character
 * id (`project_id`, a string in the SDK).
 */
import { route } from "../route-spec";
import * as wire from "../../wire/webhooks";
import { z } from "zod";

/** The four hook calls below one holder's path, the writes naming the holder's list they change. */
function hookRoutes<H extends string, L extends string>(holder: H, list: L) {
  return {
    list: route({
      method: "GET",
      path: `${holder}/hooks` as const,
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
    create: route({
      method: "POST",
      changes: [list],
      path: `${holder}/hooks` as const,
      service: "repo",
      style: "bare",
      status: 200,
      body: wire.WebhookParams,
      result: wire.Webhook,
      // A blind retry after a lost answer could add a second hook.
      idempotent: false,
    }),
    update: route({
      method: "PUT",
      changes: [list],
      path: `${holder}/hooks/{hook_id}` as const,
      service: "repo",
      style: "bare",
      status: 200,
      body: wire.WebhookParams,
      result: wire.Webhook,
      idempotent: true,
    }),
    /** The SDK's Remove…WebhookResponse is empty: 204 without a body (v4 digest §6). */
    remove: route({
      method: "DELETE",
      changes: [list],
      path: `${holder}/hooks/{hook_id}` as const,
      service: "repo",
      style: "bare",
      status: 204,
      result: wire.NoContent,
      idempotent: true,
    }),
  };
}

const repository = hookRoutes("/v4/repositories/{repository_id}", "listRepositoryWebhooks");
const project = hookRoutes("/v4/projects/{project_id}", "listProjectWebhooks");

export const webhookRoutes = {
  listRepositoryWebhooks: repository.list,
  createRepositoryWebhook: repository.create,
  updateRepositoryWebhook: repository.update,
  deleteRepositoryWebhook: repository.remove,
  listProjectWebhooks: project.list,
  createProjectWebhook: project.create,
  updateProjectWebhook: project.update,
  deleteProjectWebhook: project.remove,
} as const;
