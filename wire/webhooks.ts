/**
 * Wire schemas of the V4 repository webhook calls (v4 digest §6: WebhookParams, Webhook).
 * Field names are the service's. V4 bodies are bare.
 */
import { z } from "zod";
import { optionalNullable } from ".";

/** Limits of WebhookParams (digest §6). */
export const WEBHOOK_LIMITS = { url: 500, name: 200, description: 200, token: 2000, tokenType: 200, branchFilter: 500 } as const;
/** Token header options the user manual lists; the first is the default (digest §6). */
export const WEBHOOK_TOKEN_TYPES = ["X-Repo-Token", "X-Gitlab-Token", "X-Auth-Token"] as const;

/** WebhookParams: the body of create and update; every field optional in the SDK. */
export const WebhookParams = z.object({
  url: z.string().max(WEBHOOK_LIMITS.url).optional(),
  name: z.string().max(WEBHOOK_LIMITS.name).optional(),
  description: z.string().max(WEBHOOK_LIMITS.description).optional(),
  token: z.string().max(WEBHOOK_LIMITS.token).optional(),
  token_type: z.string().max(WEBHOOK_LIMITS.tokenType).optional(),
  push_events: z.boolean().optional(),
  push_events_branch_regex_filter: z.string().max(WEBHOOK_LIMITS.branchFilter).optional(),
  tag_push_events: z.boolean().optional(),
  merge_requests_events: z.boolean().optional(),
  note_events: z.boolean().optional(),
});
export type WebhookParams = z.infer<typeof WebhookParams>;

/** Webhook: WebhookParams plus id and timestamps. `token` holds a mask, never the secret. */
export const Webhook = z.object({
  id: z.number().int(),
  url: z.string(),
  name: optionalNullable(z.string()),
  description: optionalNullable(z.string()),
  token: optionalNullable(z.string()),
  token_type: optionalNullable(z.string()),
  push_events: optionalNullable(z.boolean()),
  push_events_branch_regex_filter: optionalNullable(z.string()),
  tag_push_events: optionalNullable(z.boolean()),
  merge_requests_events: optionalNullable(z.boolean()),
  note_events: optionalNullable(z.boolean()),
  created_at: optionalNullable(z.string()),
  updated_at: optionalNullable(z.string()),
});
export type Webhook = z.infer<typeof Webhook>;

/** V4 list paging (digest §0): 0-based offset and a limit. The maximum limit is undocumented for hooks. */
export const WebhookListQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/** The remove call answers 204 with no body. */
export const NoContent = z.undefined();
