/**
 * Repository webhook calls, V4 (v4 digest §6). Answers carry a mask in `token`, never the secret,
 * as the SDK's field note says. Several hooks may share a URL, as in GitLab.
 */
import { Webhook, WebhookParams, WEBHOOK_TOKEN_TYPES } from "../wire/webhooks";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { Repository, WebhookRecord, World } from "./state";

type WebhookHandlers = Pick<
  Handlers,
  "listRepositoryWebhooks" | "createRepositoryWebhook" | "updateRepositoryWebhook" | "deleteRepositoryWebhook"
>;

/** The mask answers show for a hook that has a token. The real format is undocumented. */
export const TOKEN_MASK = "********";
const DEFAULT_LIMIT = 20;

export function hooksOf(repo: Repository): WebhookRecord[] {
  repo.hooks ??= [];
  return repo.hooks;
}

function webhookOf(hook: WebhookRecord): Webhook {
  return {
    id: hook.id,
    url: hook.url,
    name: hook.name,
    description: hook.description,
    token: hook.token ? TOKEN_MASK : null,
    token_type: hook.tokenType,
    push_events: hook.pushEvents,
    push_events_branch_regex_filter: hook.branchFilter,
    tag_push_events: hook.tagPushEvents,
    merge_requests_events: hook.mergeRequestsEvents,
    note_events: hook.noteEvents,
    created_at: hook.createdAt,
    updated_at: hook.updatedAt,
  };
}

/** Applies the fields a create or update sends; fields left out keep their value. */
function apply(hook: WebhookRecord, params: WebhookParams): WebhookRecord {
  const next: WebhookRecord = {
    ...hook,
    url: params.url ?? hook.url,
    name: params.name ?? hook.name,
    description: params.description ?? hook.description,
    token: params.token ?? hook.token,
    tokenType: params.token_type ?? hook.tokenType,
    pushEvents: params.push_events ?? hook.pushEvents,
    branchFilter: params.push_events_branch_regex_filter ?? hook.branchFilter,
    tagPushEvents: params.tag_push_events ?? hook.tagPushEvents,
    mergeRequestsEvents: params.merge_requests_events ?? hook.mergeRequestsEvents,
    noteEvents: params.note_events ?? hook.noteEvents,
    updatedAt: new Date().toISOString(),
  };
  if (!/^https?:\/\/[^\s/]+/.test(next.url)) throw faults.invalid("Param invalid: url must be an http or https URL");
  if (!(WEBHOOK_TOKEN_TYPES as readonly string[]).includes(next.tokenType)) {
    throw faults.invalid(`Param invalid: token_type must be one of ${WEBHOOK_TOKEN_TYPES.join(", ")}`);
  }
  if (!next.pushEvents && !next.tagPushEvents && !next.mergeRequestsEvents && !next.noteEvents) {
    throw faults.invalid("Param invalid: at least one of push_events, tag_push_events, merge_requests_events, note_events must be true");
  }
  try {
    new RegExp(next.branchFilter);
  } catch {
    throw faults.invalid("Param invalid: push_events_branch_regex_filter is not a valid regular expression");
  }
  return next;
}

export function webhookHandlers(world: World): WebhookHandlers {
  const byId = (id: string): Repository => repositoryV4(world, id);
  const hookIn = (repo: Repository, hookId: string): WebhookRecord => {
    const hook = hooksOf(repo).find((h) => String(h.id) === hookId);
    if (!hook) throw faults.notFound(`Hook ${hookId} does not exist in repository ${repo.id}`);
    return hook;
  };

  return {
    listRepositoryWebhooks({ params, query }) {
      const hooks = hooksOf(byId(params.repository_id));
      const offset = query.offset ?? 0;
      const limit = query.limit ?? DEFAULT_LIMIT;
      return new Reply(hooks.slice(offset, offset + limit).map(webhookOf), undefined, { "X-Total": String(hooks.length) });
    },

    createRepositoryWebhook({ params, body }) {
      const repo = byId(params.repository_id);
      if (body.url === undefined) throw faults.invalid("Param invalid: url is mandatory");
      const now = new Date().toISOString();
      world.data.nextWebhookId ??= 1;
      const blank: WebhookRecord = {
        id: world.data.nextWebhookId,
        url: "",
        name: "",
        description: "",
        token: "",
        tokenType: WEBHOOK_TOKEN_TYPES[0],
        pushEvents: false,
        branchFilter: ".*",
        tagPushEvents: false,
        mergeRequestsEvents: false,
        noteEvents: false,
        createdAt: now,
        updatedAt: now,
      };
      const hook = apply(blank, body);
      world.data.nextWebhookId += 1;
      hooksOf(repo).push(hook);
      world.save();
      return webhookOf(hook);
    },

    updateRepositoryWebhook({ params, body }) {
      const repo = byId(params.repository_id);
      const hook = hookIn(repo, params.hook_id);
      const next = apply(hook, body);
      repo.hooks = hooksOf(repo).map((h) => (h === hook ? next : h));
      world.save();
      return webhookOf(next);
    },

    deleteRepositoryWebhook({ params }) {
      const repo = byId(params.repository_id);
      const hook = hookIn(repo, params.hook_id);
      repo.hooks = hooksOf(repo).filter((h) => h !== hook);
      world.save();
      return new Reply(undefined, 204);
    },
  };
}
