/**
 * Repository and project webhook calls, V4 (v4 digest §6). Answers carry a mask in `token`, never the secret,
 * as the SDK's field note says. Several hooks may share a URL, as in GitLab.
 */
import { Webhook, WebhookParams, WEBHOOK_TOKEN_TYPES } from "../wire/webhooks";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { Repository, WebhookRecord, World } from "./state";

type WebhookHandlers = Pick<
  Handlers,
  "listRepositoryWebhooks" | "createRepositoryWebhook" | "updateRepositoryWebhook" | "deleteRepositoryWebhook"
>;
type ProjectWebhookHandlers = Pick<Handlers, "listProjectWebhooks" | "createProjectWebhook" | "updateProjectWebhook" | "deleteProjectWebhook">;

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

/** What the calls on one holder's hooks (a repository's or a project's) share. */
function hookCalls(world: World) {
  const hookIn = (hooks: WebhookRecord[], hookId: string, holder: string): WebhookRecord => {
    const hook = hooks.find((h) => String(h.id) === hookId);
    if (!hook) throw faults.notFound(`Hook ${hookId} does not exist in ${holder}`);
    return hook;
  };
  return {
    list(hooks: WebhookRecord[], query: { offset?: number; limit?: number }) {
      const offset = query.offset ?? 0;
      const limit = query.limit ?? DEFAULT_LIMIT;
      return new Reply(hooks.slice(offset, offset + limit).map(webhookOf), undefined, { "X-Total": String(hooks.length) });
    },
    create(hooks: WebhookRecord[], body: WebhookParams): Webhook {
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
      hooks.push(hook);
      world.save();
      return webhookOf(hook);
    },
    /** The holder's hooks after the update, and the answer. */
    update(hooks: WebhookRecord[], hookId: string, holder: string, body: WebhookParams): [WebhookRecord[], Webhook] {
      const hook = hookIn(hooks, hookId, holder);
      const next = apply(hook, body);
      return [hooks.map((h) => (h === hook ? next : h)), webhookOf(next)];
    },
    remove(hooks: WebhookRecord[], hookId: string, holder: string): WebhookRecord[] {
      const hook = hookIn(hooks, hookId, holder);
      return hooks.filter((h) => h !== hook);
    },
  };
}

export function webhookHandlers(world: World): WebhookHandlers {
  const byId = (id: string): Repository => repositoryV4(world, id);
  const calls = hookCalls(world);

  return {
    listRepositoryWebhooks({ params, query }) {
      return calls.list(hooksOf(byId(params.repository_id)), query);
    },

    createRepositoryWebhook({ params, body }) {
      return calls.create(hooksOf(byId(params.repository_id)), body);
    },

    updateRepositoryWebhook({ params, body }) {
      const repo = byId(params.repository_id);
      const [hooks, answer] = calls.update(hooksOf(repo), params.hook_id, `repository ${repo.id}`, body);
      repo.hooks = hooks;
      world.save();
      return answer;
    },

    deleteRepositoryWebhook({ params }) {
      const repo = byId(params.repository_id);
      repo.hooks = calls.remove(hooksOf(repo), params.hook_id, `repository ${repo.id}`);
      world.save();
      return new Reply(undefined, 204);
    },
  };
}

/**
 * A project's hooks (add/list/update/remove_project_webhook): the same model and rules as a
 * repository's. The emulator holds one project (the seed's); another id answers 404, as a project
 * the caller cannot see would (the real code and message are undocumented).
 */
export function projectWebhookHandlers(world: World): ProjectWebhookHandlers {
  const calls = hookCalls(world);
  const hooksOfProject = (projectId: string): WebhookRecord[] => {
    if (projectId.toLowerCase() !== world.seed.project.id.toLowerCase()) throw faults.notFound(`Project ${projectId} does not exist`);
    world.data.projectHooks ??= [];
    return world.data.projectHooks;
  };
  const holder = (projectId: string) => `project ${projectId}`;

  return {
    listProjectWebhooks({ params, query }) {
      return calls.list(hooksOfProject(params.project_id), query);
    },

    createProjectWebhook({ params, body }) {
      return calls.create(hooksOfProject(params.project_id), body);
    },

    updateProjectWebhook({ params, body }) {
      const [hooks, answer] = calls.update(hooksOfProject(params.project_id), params.hook_id, holder(params.project_id), body);
      world.data.projectHooks = hooks;
      world.save();
      return answer;
    },

    deleteProjectWebhook({ params }) {
      world.data.projectHooks = calls.remove(hooksOfProject(params.project_id), params.hook_id, holder(params.project_id));
      world.save();
      return new Reply(undefined, 204);
    },
  };
}
