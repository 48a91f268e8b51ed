/**
 * Webhook: a CodeArts Repo repository webhook (V4).
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/hooks (a hook with the same url: adopt, or fail saying how), then POST /v4/repositories/{id}/hooks |
 * | adopt  | the list above; PUT /v4/repositories/{id}/hooks/{hook_id} only when the program sets a token or other settings than the live ones |
 * | read   | GET /v4/repositories/{id}/hooks?offset=&limit=100, all pages (X-Total), filtered by hook id; coalesced, so N hooks of one repository cost one list walk per run. Absent or repository 404 → gone |
 * | update | PUT /v4/repositories/{id}/hooks/{hook_id}, every setting in place |
 * | delete | DELETE /v4/repositories/{id}/hooks/{hook_id}; 404 → already gone |
 *
 * Blind spot: the token cannot be read back — the service answers a mask in its place. The
 * provider keeps no copy of it: outputs hold `tokenHash`, a SHA-256 of a per-resource random salt
 * and the last token it sent (both stored as secrets: provider/secrets.ts), so changing the token
 * in the program shows as an update, but a token changed in the console is NOT detected. Run
 * `pulumi up` with an updated program (or rotate the token in the program) to put it back.
 * Everything else is read back, so drift in the url, name, description, token type, events or
 * branch filter shows.
 *
 * Adopting a hook without a token in the program keeps the live token: it cannot be read, so the
 * provider never sends one in its place (WebhookParams' fields are all optional, v4 digest §6, and
 * an update without `token` leaves it as it is). Until the program sets a token, `liveTokenKept`
 * stays true and updates leave the token out; setting one sends it, and from then on the program
 * owns the token (leaving it out again removes it, as for a hook the program created).
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import type { RouteName } from "../api/routes";
import { CodeArtsArgumentError } from "../api/errors";
import { RepositoryIdentity, checkInputs } from "./validation";
import { DiffFields, deleteUnlessGone, fieldDiff } from "./lifecycle";
import { WEBHOOK_LIMITS, WEBHOOK_TOKEN_TYPES, Webhook, WebhookParams } from "../wire/webhooks";
import { createOnce } from "./recovery";
import { claimedInNewRepository } from "./new-repositories";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import { ChildImport, Declaration, Skipped, StackConfig, locateInRepository, refusal } from "./importing";

/** Event names in the program, and the service flag each one sets. */
export const WEBHOOK_EVENTS = {
  push: "push_events",
  tagPush: "tag_push_events",
  mergeRequest: "merge_requests_events",
  note: "note_events",
} as const satisfies Record<string, keyof WebhookParams>;
export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
const EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];

const atMost = (limit: number) => `must be at most ${limit} characters long`;

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** A hook's own settings, the same for a repository's and a project's hooks (project-webhook.ts). */
export const WEBHOOK_SETTINGS = {
  /** The http:// or https:// URL the service calls, at most 500 characters. */
  url: z
    .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
    .max(WEBHOOK_LIMITS.url, atMost(WEBHOOK_LIMITS.url)),
  /** A name for the hook, at most 200 characters. */
  name: z.string().min(1, "must not be empty (leave it out instead)").max(WEBHOOK_LIMITS.name, atMost(WEBHOOK_LIMITS.name)).optional(),
  /** At most 200 characters. */
  description: z
    .string()
    .min(1, "must not be empty (leave it out instead)")
    .max(WEBHOOK_LIMITS.description, atMost(WEBHOOK_LIMITS.description))
    .optional(),
  /**
   * The secret the service sends in the `tokenType` header. Always kept secret in state. It cannot
   * be read back (the service shows a mask), so a token changed in the console is not detected;
   * changing it in the program updates the hook. Left out on a hook adopted with `adoptExisting`
   * (as `codeartsrepo import` writes it), the live token is kept and never sent, until the program
   * sets one.
   */
  token: z.string().min(1, "must not be empty (leave it out for no token)").max(WEBHOOK_LIMITS.token, atMost(WEBHOOK_LIMITS.token)).optional(),
  /** The header the token travels in: "X-Repo-Token" (default), "X-Gitlab-Token" or "X-Auth-Token". */
  tokenType: z.enum(WEBHOOK_TOKEN_TYPES, { message: `must be one of ${WEBHOOK_TOKEN_TYPES.map((t) => `"${t}"`).join(", ")}` }).default("X-Repo-Token"),
  /**
   * Which events call the hook: at least one of "push", "tagPush", "mergeRequest", "note"
   * (comments). Read back in that order, whatever order the program gives them in.
   */
  events: z
    .array(z.enum(EVENT_NAMES, { message: `must be ${EVENT_NAMES.map((e) => `"${e}"`).join(", ")}` }))
    .min(1, `must name at least one event: ${EVENT_NAMES.join(", ")}`)
    // One canonical order, so reordering the list in a program is no change.
    .transform((events) => EVENT_NAMES.filter((name) => events.includes(name))),
  /** A regular expression of the branches whose pushes call the hook (needs "push"); the service's default is ".*". */
  branchFilter: z
    .string()
    .max(WEBHOOK_LIMITS.branchFilter, atMost(WEBHOOK_LIMITS.branchFilter))
    .refine(isRegex, "must be a valid regular expression")
    .optional(),
};

// A named shape, so that the shipped declarations keep each field's doc comment.
const WebhookShape = {
  ...RepositoryIdentity,
  ...WEBHOOK_SETTINGS,
  /**
   * If the repository already has a hook with this url, manage it instead of failing: its settings
   * are set from the program (no call when they already match), and its token too if the program
   * gives one. Deleting the resource then deletes the hook, unless it has
   * `retainOnDelete: true`.
   */
  adoptExisting: z.boolean().default(false),
};
export const WebhookInputs: z.ZodObject<typeof WebhookShape> = z.object(WebhookShape);
export type WebhookInputs = z.output<typeof WebhookInputs>;

/** A hook's settings as the program gives them (the holder's ids aside). */
export type WebhookSettings = z.output<z.ZodObject<typeof WEBHOOK_SETTINGS>> & { adoptExisting: boolean };

/** What the provider records of a hook besides its inputs, for a repository's and a project's alike. */
export interface WebhookBookkeeping {
  /** The service's id of the hook. */
  hookId: number;
  /**
   * SHA-256 (hex) of `tokenSalt` followed by the last token sent: how a token change in the
   * program is seen. Absent when the hook has no token. Not the token, but secret like it.
   */
  tokenHash?: string;
  /** The random salt of `tokenHash`. Secret: beside the hash, it would let anyone who reads the state test guesses of the token. */
  tokenSalt: string;
  /** When the hook was created, as the service reports it ("" when it does not say). */
  createdAt: string;
  /** True while an adopted hook keeps the token it had (the program set none since): updates leave the live token alone. */
  liveTokenKept?: boolean;
}

export interface WebhookOutputs extends Omit<WebhookInputs, "token">, WebhookBookkeeping {}

/** The settings an update changes in place, for either holder. */
export const WEBHOOK_UPDATE_FIELDS = ["url", "name", "description", "tokenType", "events", "branchFilter", "adoptExisting"] as const;

const FIELDS: DiffFields<WebhookInputs> = {
  replace: ["repositoryId", "repositoryUuid"],
  update: [...WEBHOOK_UPDATE_FIELDS],
  // No natural key: a replacement lives in another repository, so the new hook is created first.
};

export function tokenHash(salt: string, token: string | undefined): string | undefined {
  return token === undefined ? undefined : createHash("sha256").update(salt).update(token).digest("hex");
}

export function webhookResourceId(repositoryId: number, hookId: number): string {
  return `${repositoryId}/${hookId}`;
}

/** The repository's hook that matches; each page read is shared by concurrent readers. */
function findWebhook(client: CodeArtsClient, repositoryId: number, matches: (hook: Webhook) => boolean): Promise<Webhook | undefined> {
  return client.find("listRepositoryWebhooks", { params: { repository_id: repositoryId } }, matches);
}

/** The delete call, shared by the resource's delete and `codeartsrepo prune`. */
function deleteWebhook(client: CodeArtsClient, repositoryId: number, hookId: number) {
  return client.call("deleteRepositoryWebhook", { params: { repository_id: repositoryId, hook_id: hookId } });
}

/** The whole desired state: update sends every field so the hook ends up exactly as the program says. */
function params(inputs: WebhookSettings, keepLiveToken = false): WebhookParams {
  const body: WebhookParams = {
    url: inputs.url,
    name: inputs.name ?? "",
    description: inputs.description ?? "",
    // An empty token removes one the program no longer sets; left out, the live one stays.
    ...(keepLiveToken ? {} : { token: inputs.token ?? "" }),
    token_type: inputs.tokenType,
    // ".*" is the documented default (PUB): sending it clears a filter the program removed.
    push_events_branch_regex_filter: inputs.branchFilter ?? ".*",
  };
  for (const event of EVENT_NAMES) body[WEBHOOK_EVENTS[event]] = inputs.events.includes(event);
  return body;
}

/** A live value for an optional field the program may leave out, where the service shows "" or a default. */
function liveOptional(live: string | null | undefined, previous: string | undefined, serviceDefault?: string): string | undefined {
  if (live === null || live === undefined || live === "") return undefined;
  if (previous === undefined && live === serviceDefault) return undefined;
  return live;
}

/** The engine carries outputs as a protobuf Struct, which cannot hold undefined: absent fields are left out. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The recorded state of a hook before the live answer fills it in. */
type HookState = Omit<WebhookSettings, "token"> & Omit<WebhookBookkeeping, "hookId" | "createdAt">;

export function hookOutputs<S extends HookState>(state: S, live: Webhook): S & WebhookBookkeeping {
  return withoutUndefined({
    ...state,
    url: live.url,
    name: liveOptional(live.name, state.name),
    description: liveOptional(live.description, state.description),
    tokenType: (live.token_type as WebhookInputs["tokenType"] | null | undefined) ?? state.tokenType,
    events: EVENT_NAMES.filter((event) => live[WEBHOOK_EVENTS[event]] === true),
    // PUB: the filter defaults to ".*".
    branchFilter: liveOptional(live.push_events_branch_regex_filter, state.branchFilter, ".*"),
    hookId: live.id,
    createdAt: live.created_at ?? "",
  });
}

/** Inputs plus the token's salted hash, without the token itself. */
function remembered<I extends WebhookSettings>(inputs: I, salt: string): Omit<I, "token"> & Pick<WebhookBookkeeping, "tokenSalt" | "tokenHash"> {
  const { token, ...rest } = inputs;
  return { ...rest, tokenSalt: salt, tokenHash: tokenHash(salt, token) };
}

/**
 * Computed from the token: a hash of a token people often choose as a short word, with its salt
 * beside it, can be searched offline; the state keeps both encrypted like the token itself.
 */
export const SECRET_OUTPUTS = ["tokenHash", "tokenSalt"] as const satisfies readonly (keyof WebhookOutputs)[];

/** A hook as `codeartsrepo import` declares it. */
export interface ImportedWebhook {
  hookId: number;
  url: string;
  name?: string;
  description?: string;
  tokenType: "X-Repo-Token" | "X-Gitlab-Token" | "X-Auth-Token";
  events: WebhookEvent[];
  branchFilter?: string;
  /** Whether the service shows a token (masked): it cannot be read, only kept or replaced. */
  hasToken: boolean;
}

/** The resource name's base: the hook's name, else its URL's host. */
export function webhookBase(hook: ImportedWebhook): string {
  if (hook.name) return hook.name;
  try {
    return new URL(hook.url).hostname;
  } catch {
    return "hook";
  }
}

/**
 * A holder's listed hooks as `codeartsrepo import` declares them, by id, each in the program's
 * words or left out saying why the provider (its inputs `schema`, with the holder's ids) would refuse it.
 */
export function importedWebhooks(hooks: readonly Webhook[], schema: z.ZodObject, holder: Record<string, unknown>): { items: ImportedWebhook[]; skipped: Skipped[] } {
  const items: ImportedWebhook[] = [];
  const skipped: Skipped[] = [];
  for (const hook of [...hooks].sort((a, b) => a.id - b.id)) {
    const events = EVENT_NAMES.filter((event) => hook[WEBHOOK_EVENTS[event]] === true);
    const filter = hook.push_events_branch_regex_filter;
    const imported: ImportedWebhook = {
      hookId: hook.id,
      url: hook.url,
      ...(hook.name ? { name: hook.name } : {}),
      ...(hook.description ? { description: hook.description } : {}),
      tokenType: (hook.token_type ?? WEBHOOK_TOKEN_TYPES[0]) as ImportedWebhook["tokenType"],
      events,
      // ".*" is the service's default (PUB), which a program leaves out.
      ...(filter && filter !== ".*" ? { branchFilter: filter } : {}),
      hasToken: !!hook.token,
    };
    const why =
      imported.branchFilter !== undefined && !events.includes("push")
        ? `it has a branch filter (${imported.branchFilter}) without push events, which the provider refuses`
        : refusal(schema, { ...holder, ...imported });
    if (why) skipped.push({ what: `webhook ${hook.id} (${hook.url})`, why });
    else items.push(imported);
  }
  return { items, skipped };
}

/** An imported hook's declaration (besides its holder): its token becomes optional secret stack config. */
export function declareWebhook(hook: ImportedWebhook, { name }: { name: string }): Declaration {
  const tokenKey = `${name}-token`;
  const token = new StackConfig({
    key: tokenKey,
    required: false,
    secret: true,
    what: `token of webhook ${hook.hookId} (${hook.url}); ${hook.hasToken ? "the hook has one, which cannot be read" : "the hook has none"}. Left unset, the live token is kept; set, it replaces it.`,
  });
  return {
    comments: [`Hook ${hook.hookId}. Its token cannot be read back: left unset, \`${tokenKey}\` keeps the live one; set (as a secret), it replaces it.`],
    fields: {
      url: hook.url,
      name: hook.name,
      description: hook.description,
      tokenType: hook.tokenType,
      events: hook.events,
      branchFilter: hook.branchFilter,
      token,
    },
  };
}

/** A repository's hooks, by id. The token is never readable: it becomes optional stack config. */
const importer: ChildImport<"webhooks", ImportedWebhook> = {
  field: "webhooks",
  order: 40,
  count: ["webhook", "webhooks"],
  read: async (repository) =>
    importedWebhooks(await repository.list("listRepositoryWebhooks"), WebhookInputs, { repositoryId: repository.id, repositoryUuid: repository.uuid }),
  name: { prefix: "webhook", base: webhookBase },
  declare: declareWebhook,
  managedId: (hook, repository) => webhookResourceId(repository.id, hook.hookId),
};

/** The inputs schema's check, and the rule no schema field can state alone: a branch filter needs push events. */
export function checkWebhook(schema: z.ZodObject, news: Record<string, unknown>) {
  const result = checkInputs(schema, news);
  if (result.failures.length === 0) {
    const inputs = result.inputs as Partial<WebhookSettings>;
    if (typeof inputs.branchFilter === "string" && Array.isArray(inputs.events) && !inputs.events.includes("push")) {
      return { inputs: news, failures: [{ property: "branchFilter", reason: 'applies only to push events: add "push" to events, or leave it out' }] };
    }
  }
  return result;
}

/** The field lists' diff, with the token compared through its salted hash: state never holds it. */
export function webhookDiff<I extends WebhookSettings>(fields: DiffFields<I>) {
  return (olds: Partial<I> & WebhookBookkeeping, news: I) => fieldDiff<I>(olds, news, fields, { changed: tokenHash(olds.tokenSalt, news.token) !== olds.tokenHash });
}

/** A holder's hook calls (a repository's or a project's), by route, with the holder's path parameters. */
export interface WebhookCalls {
  /** The holder's hook with this url, read from its coalesced list. */
  find(matches: (hook: Webhook) => boolean): Promise<Webhook | undefined>;
  /** The look before creating, when the run knows more than `find` (a repository it created). */
  look?(): Promise<Webhook | undefined>;
  create(body: WebhookParams): Promise<Webhook>;
  update(hookId: number, body: WebhookParams): Promise<Webhook>;
  /** The holder ("Repository 468480"), for the conflict's message. */
  holder: string;
  routes: { find: RouteName; create: RouteName; params: Record<string, string | number> };
}

/**
 * Several hooks may share a url (as in GitLab), but a lost answer is recovered by the url: a hook
 * already there would be taken for the one created (and deleted by a destroy). So the url is
 * looked up first, and a hook holding it is adopted or refused.
 */
export async function createWebhook<I extends WebhookSettings>(inputs: I, fields: DiffFields<I>, calls: WebhookCalls) {
  const salt = randomBytes(16).toString("hex");
  // Adopting a hook without a token in the program keeps its live token (it cannot be read).
  let liveTokenKept: true | undefined;
  const find = () => calls.find((hook) => hook.url === inputs.url);
  const live = await createOnce<Webhook, Webhook>({
    look: calls.look ?? find,
    find,
    adoptExisting: inputs.adoptExisting,
    conflict: (existing) =>
      `${calls.holder} already has a webhook with this url (hook ${existing.id}). ` +
      "Set adoptExisting: true to manage it with this program (its settings and token are then set from the program), or use another url.",
    adopt: (existing) => {
      liveTokenKept = inputs.token === undefined ? true : undefined;
      const differs = fieldDiff<I>(hookOutputs(remembered(inputs, salt), existing) as unknown as Partial<I>, inputs, fields).changes;
      // Nothing to write when the hook already is as the program says and no token is to be set.
      if (!differs && liveTokenKept) return existing;
      return calls.update(existing.id, params(inputs, liveTokenKept));
    },
    create: () => calls.create(params(inputs)),
    recovered: (found) => found,
    routes: calls.routes,
  });
  return hookOutputs({ ...remembered(inputs, salt), liveTokenKept }, live);
}

/** Every setting in place; the live token stays while an adopted hook's program sets none. */
export async function updateWebhook<I extends WebhookSettings>(olds: WebhookBookkeeping, news: I, call: (hookId: number, body: WebhookParams) => Promise<Webhook>) {
  const liveTokenKept = olds.liveTokenKept === true && news.token === undefined ? true : undefined;
  const live = await call(olds.hookId, params(news, liveTokenKept));
  return hookOutputs({ ...remembered(news, olds.tokenSalt), liveTokenKept }, live);
}

/** A hook no resource declares, as drift reports show it. */
export function describeUnmanagedWebhook(hook: Webhook) {
  return {
    name: hook.name || hook.url,
    properties: { name: hook.name || hook.url },
    fields: { url: hook.url, events: EVENT_NAMES.filter((event) => hook[WEBHOOK_EVENTS[event]]) },
  };
}

/** The hook id that ends an import id. */
export function hookIdOf(rest: string): number {
  const hookId = Number(rest);
  if (!Number.isInteger(hookId) || hookId <= 0) throw new CodeArtsArgumentError("it does not end in a webhook id (a whole number)");
  return hookId;
}

export const webhook: ResourceDescriptor<"webhook", WebhookInputs, WebhookOutputs, typeof importer> = defineResource({
  kind: "webhook",
  type: "Webhook",
  inputs: WebhookInputs,
  fields: FIELDS,
  secretOutputs: SECRET_OUTPUTS,
  report: {
    label: "webhook",
    key: ["name", "url"],
    unmanaged: unmanagedIn("listRepositoryWebhooks", {
      declaredId: (outputs) => String(outputs.hookId),
      liveId: (hook) => String(hook.id),
      describe: describeUnmanagedWebhook,
      remove: (client, hook, { repositoryId }) => deleteUnlessGone(() => deleteWebhook(client, repositoryId, hook.id)),
    }),
  },
  importer,
  id: (outputs: WebhookOutputs) => webhookResourceId(outputs.repositoryId, outputs.hookId),

  check: (news) => checkWebhook(WebhookInputs, news),
  diff: webhookDiff(FIELDS),

  // A repository this run created is known to hold no hook (new-repositories.ts): no look there.
  create: async (context, inputs) => {
    const { client } = context;
    const repository_id = inputs.repositoryId;
    const find = (matches: (hook: Webhook) => boolean) => findWebhook(client, repository_id, matches);
    const outs = await createWebhook(inputs, FIELDS, {
      find,
      look: async () => (claimedInNewRepository(context, repository_id, "listRepositoryWebhooks", inputs.url) ? undefined : find((hook) => hook.url === inputs.url)),
      create: (body) => client.call("createRepositoryWebhook", { params: { repository_id }, body }),
      update: (hook_id, body) => client.call("updateRepositoryWebhook", { params: { repository_id, hook_id }, body }),
      holder: `Repository ${repository_id}`,
      routes: { find: "listRepositoryWebhooks", create: "createRepositoryWebhook", params: { repository_id } },
    });
    return { id: webhookResourceId(repository_id, outs.hookId), outs };
  },

  async read({ client }, _id, props) {
    const live = await findWebhook(client, props.repositoryId, (hook) => hook.id === props.hookId);
    return live && hookOutputs(props, live);
  },

  update: ({ client }, _id, olds, news) =>
    updateWebhook(olds, news, (hook_id, body) => client.call("updateRepositoryWebhook", { params: { repository_id: news.repositoryId, hook_id }, body })),

  importId: {
    format: "<repository>/<hookId>",
    of: (outputs) => webhookResourceId(outputs.repositoryId, outputs.hookId),
    async locate({ client }, importId) {
      const { rest, ...repository } = await locateInRepository(client, importId);
      const hookId = hookIdOf(rest);
      return { id: webhookResourceId(repository.repositoryId, hookId), props: { ...repository, hookId } };
    },
  },

  remove: ({ client }, _id, props) => deleteWebhook(client, props.repositoryId, props.hookId),
});

export const provider = webhook.provider;
