/**
 * A repository's activity — push events — through GET /v4/repositories/{id}/events (v4 digest §8.4):
 * filtered by author, type and dates, walked page by page with `offset`/`limit` up to the `X-Total`
 * the first page reports, or one page when asked.
 */
import { z } from "zod";
import { CodeArtsClient, ListPage } from "../api/client";
import { EVENTS_LIMIT, EVENT_FILTERS, EventListQuery, PushEvent } from "../wire/activity";
import { parseArguments } from "./validation";

/** Who pushed: the event's author as the service describes them; fields it leaves out are absent. */
export interface RepositoryEventAuthor {
  /** The author's numeric user id (what `authorId` filters by). */
  id?: number;
  /** The author's display name. */
  name?: string;
  /** The IAM user id in the service's example. */
  username?: string;
  /** "active" or "blocked". */
  state?: string;
  /** The URL of the author's avatar image. */
  avatarUrl?: string;
  /** The author's Chinese name, where the account has one. */
  nameCn?: string;
  /** The author's nickname. */
  nickName?: string;
  /** The account (tenant) the author belongs to. */
  tenantName?: string;
}

/** One push, flattened from the service's event and its push_data. */
export interface RepositoryEvent {
  /** "pushed new" (a new branch), "pushed to" or "deleted". */
  action: string;
  /** When the push happened, as the service reports it. */
  createdAt: string;
  /** The author's numeric user id. */
  authorId?: number;
  /** The author's display name (author.name), falling back to the user name. */
  authorName?: string;
  /** The author's user name (the IAM user id in the service's example). */
  authorUsername?: string;
  /** The author as the service describes them. */
  author?: RepositoryEventAuthor;
  /** The repository's integer id. */
  repositoryId?: number;
  /** "group/repository". */
  repositoryName?: string;
  /** The branch pushed to. */
  ref?: string;
  /** "branch" for the pushes listed now. */
  refType?: string;
  /** push_data.action: "created" for a new ref, "pushed" otherwise. */
  pushAction?: string;
  /** null for a new ref. */
  commitFrom: string | null;
  /** The commit the ref points at after the push. */
  commitTo?: string;
  /** How many commits the push brought. */
  commitCount: number;
  /** The title of the push's latest commit; null when the service gives none. */
  commitTitle: string | null;
}

/** What {@link getRepositoryEvents} returns: one page of push events and the service's count of all that match. */
export interface RepositoryEvents {
  /** What the service reports as the number of matching events (X-Total). */
  total: number;
  /** Newest first. */
  events: RepositoryEvent[];
}

const dateArgument = z.union([
  z.date({ message: "must be a Date or an ISO 8601 date" }),
  z.string().refine((text) => !Number.isNaN(Date.parse(text)), "must be a Date or an ISO 8601 date such as 2026-11-01 or 2026-11-01T08:00:00Z"),
]);

export const EventsArguments = z.object({
  /** The repository's integer id; a Repository resource has it as `repositoryId`. */
  repositoryId: z.number().int("must be a whole number").positive("must be a repository id (a positive whole number)"),
  /** Only events of this user (the numeric user id events report as authorId). */
  authorId: z.number().int("must be a whole number").positive("must be a user id (a positive whole number)").optional(),
  /** "all" (default) or "push"; the service produces only push events for now. */
  type: z.enum(EVENT_FILTERS, { message: 'must be "all" or "push"' }).optional(),
  /** Only events after this instant. */
  after: dateArgument.optional(),
  /** Only events before this instant. */
  before: dateArgument.optional(),
  /** Events per request while walking every page (1–100, default 100). */
  pageSize: z.number().int("must be a whole number").min(1, "must be 1 to 100").max(EVENTS_LIMIT.max, "must be 1 to 100").optional(),
  /** Return one page only, instead of walking them all. */
  page: z
    .object({
      /** How many matching events to skip, newest first (default 0). */
      offset: z.number().int("must be a whole number").min(0, "must be 0 or more").default(0),
      /** How many events the page holds, 1–100 (default 20). */
      limit: z.number().int("must be a whole number").min(1, "must be 1 to 100").max(EVENTS_LIMIT.max, "must be 1 to 100").default(EVENTS_LIMIT.default),
    })
    .optional(),
});
export type EventsArguments = z.input<typeof EventsArguments>;

/** The SDK's time format, YYYY-MM-DDTHH:MM:SSZ; a plain date is sent as given. */
function wireTime(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function eventOf(raw: PushEvent): RepositoryEvent {
  const author = raw.author ?? undefined;
  const push = raw.push_data ?? {};
  return {
    action: raw.action_name ?? "",
    createdAt: raw.created_at ?? "",
    authorId: raw.author_id ?? author?.id ?? undefined,
    authorName: author?.name ?? author?.nick_name ?? raw.author_username ?? undefined,
    authorUsername: raw.author_username ?? author?.username ?? undefined,
    author: author && {
      id: author.id ?? undefined,
      name: author.name ?? undefined,
      username: author.username ?? undefined,
      state: author.state ?? undefined,
      avatarUrl: author.avatar_url ?? undefined,
      nameCn: author.name_cn ?? undefined,
      nickName: author.nick_name ?? undefined,
      tenantName: author.tenant_name ?? undefined,
    },
    repositoryId: raw.repository_id ?? undefined,
    repositoryName: raw.repository_name ?? undefined,
    ref: push.ref ?? undefined,
    refType: push.ref_type ?? undefined,
    pushAction: push.action ?? undefined,
    commitFrom: push.commit_from ?? null,
    commitTo: push.commit_to ?? undefined,
    commitCount: push.commit_count ?? 0,
    commitTitle: push.commit_title ?? null,
  };
}

export async function listRepositoryEvents(client: CodeArtsClient, args: EventsArguments): Promise<RepositoryEvents> {
  const given = parseArguments(EventsArguments, args, "getRepositoryEvents");
  const filters: EventListQuery = {
    author_id: given.authorId,
    filter: given.type,
    after: wireTime(given.after),
    before: wireTime(given.before),
  };
  const list = { params: { repository_id: given.repositoryId }, query: filters };

  if (given.page) {
    const pages = client.pages("listRepositoryEvents", { ...list, offset: given.page.offset, pageSize: given.page.limit });
    const { items, total } = (await pages.next()).value as ListPage<PushEvent>;
    return { total: total ?? given.page.offset + items.length, events: items.map(eventOf) };
  }

  const raw: PushEvent[] = [];
  let firstTotal: number | undefined;
  for await (const { items, total } of client.pages("listRepositoryEvents", { ...list, pageSize: given.pageSize })) {
    firstTotal ??= total;
    raw.push(...items);
  }
  // A push during the walk shifts later pages by one: drop the event that then shows up twice.
  const seen = new Set<string>();
  const events = raw.filter((event) => {
    const key = JSON.stringify(event);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
  return { total: firstTotal ?? events.length, events: events.map(eventOf) };
}
