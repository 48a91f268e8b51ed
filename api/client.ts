/**
 * The CodeArts Repo API client: one `call(route, args)` for every route in api/routes (or a wider table). It owns
 * the HTTP details in one place — authentication headers, retries with backoff, response
 * validation against the wire schemas and turning error bodies into typed errors.
 */
import got, { Got, Response } from "got";
import type { LookupFunction } from "node:net";
import { appendFileSync } from "node:fs";
import { Authenticator, OutgoingRequest, TokenCache, authenticatorFor } from "./auth";
import { TokenBuckets } from "./token-bucket";
import type { AuthConfig, ProviderConfig } from "./config";
import { CodeArtsApiError, CodeArtsNetworkError, CodeArtsResponseError, serviceErrorOf } from "./errors";
import { envelope } from "../wire";
import {
  PageQuery,
  PagedRouteName,
  PathParams,
  RouteBody,
  RouteItem,
  RouteName,
  RouteQuery,
  RouteTable,
  Routes,
  RouteResult,
  RouteSpec,
  fillPath,
  routes,
} from "./routes";

export interface CallArgs<K extends keyof T, T extends RouteTable = Routes> {
  params?: PathParams<K, T>;
  query?: RouteQuery<K, T>;
  body?: RouteBody<K, T>;
  /**
   * Never reuse a coalesced list answer for this call: for a caller that concludes from the list
   * that an object is gone, where an answer a few seconds old could be wrong.
   */
  fresh?: boolean;
  /**
   * For a write whose path names the repository by one id only: its other id, so that the write
   * forgets the list answers of that repository alone (see `forgetListsOf`).
   */
  repository?: RepositoryIds;
}

/** A repository by its integer id and its uuid, either of which a path may name it by. */
export interface RepositoryIds {
  id?: number;
  uuid?: string;
}

/** What a paged walk takes: the route's arguments without the paging fields, which it fills in. */
export interface PageArgs<K extends keyof T, T extends RouteTable = Routes> {
  params?: PathParams<K, T>;
  query?: PageQuery<K, T>;
  /** See `CallArgs.fresh`. */
  fresh?: boolean;
  /** Instead of the route's declared page size. */
  pageSize?: number;
  /** Where an offset-paged walk starts (default 0). */
  offset?: number;
}

export interface ListPage<T> {
  items: T[];
  /** The list's full length as the service reports it; undefined where it does not. */
  total?: number;
}

export interface RetryPolicy {
  /** Further attempts after the first. */
  maxRetries: number;
  /** First backoff delay; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ClientOptions<T extends Routes = Routes> {
  endpoint: string;
  /** The route table; the provider's unless a test or the emulator's console adds its own routes. */
  routes?: T;
  /** Where `endpoint` came from, named when a call cannot reach it. */
  endpointOrigin?: string;
  iamEndpoint: string;
  iamEndpointOrigin?: string;
  auth: AuthConfig;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** How long a coalesced list answer is reused; 0 shares only requests in flight. */
  coalesceTtlMs?: number;
  /** Calls per minute per API this client allows itself; 0 = no limit. Default 600, the service's limit. */
  rateLimitPerMinute?: number;
  /** IAM tokens to share with other clients; default: this client's own. */
  tokenCache?: TokenCache;
  /**
   * The clock that decides when a coalesced list answer and an IAM token stop being reused
   * (default Date.now), so that a test can move time forward instead of waiting for it.
   */
  now?: () => number;
  /**
   * Resolves host names instead of the system resolver (a resolver of one's own, such as a
   * split-horizon DNS; tests fail every lookup with it, without the network).
   */
  dnsLookup?: LookupFunction;
  /** Called once per HTTP exchange; for debug logging and tests. Never receives headers or bodies. */
  onExchange?: (exchange: { method: string; path: string; status: number | "network-error"; ms: number; attempt: number }) => void;
  /**
   * How the client waits before a retry or for its own rate limit; default a timer. Tests pass one
   * that records the waits, to check a schedule (e.g. a Retry-After honoured) without a clock.
   */
  wait?: (ms: number, why: "rate-limit" | "backoff" | "retry-after") => Promise<void>;
}

/**
 * How long a coalesced list answer is reused. Long enough for one refresh to read each list once,
 * short enough that a later step of the same run sees fresh data.
 */
export const COALESCE_TTL_MS = 5_000;

/** The service's documented limit: 600 calls per minute per API per region, shared by all users. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 200, maxDelayMs: 5_000 };
/** 500 is CH.000001 "unknown error, please wait" (§6.2): worth another try when retrying is safe. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export interface Exchange {
  status: number;
  headers: Response["headers"];
  data: unknown;
}

/** Call arguments once the public methods have checked them against their route. */
type AnyCallArgs = { params?: Record<string, string | number>; query?: unknown; body?: unknown; fresh?: boolean; repository?: RepositoryIds };

type Authorize = (request: OutgoingRequest) => Promise<Record<string, string>>;

export class CodeArtsClient<T extends Routes = Routes> {
  /** Looked up by name at run time; the public methods' types tie each name to its arguments. */
  private readonly table: RouteTable;
  private readonly http: Got;
  private readonly retry: RetryPolicy;
  private readonly auth: Authenticator;
  private readonly throttle: TokenBuckets;
  /** Coalesced list reads: request key → the shared answer and when it stops being reused. */
  private readonly shared = new Map<string, { until: number; answer: Promise<Exchange>; route: string; params: Record<string, string | number> }>();
  private readonly now: () => number;

  constructor(private readonly options: ClientOptions<T>) {
    this.table = options.routes ?? routes;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.now = options.now ?? Date.now;
    this.http = got.extend({
      throwHttpErrors: false,
      responseType: "text",
      retry: { limit: 0 },
      followRedirect: false,
      timeout: { request: options.timeoutMs ?? 30_000 },
      ...(options.dnsLookup && { dnsLookup: options.dnsLookup }),
      headers: { "user-agent": "pulumi-codeartsrepo", accept: "application/json" },
    });
    // 10% headroom: our clock and the gateway's never agree on when a minute's calls began.
    this.throttle = new TokenBuckets(() => (options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE) * 0.9);
    const fetchToken = (body: unknown) => this.exchange("iamCreateToken", { body });
    this.auth = authenticatorFor(options.auth, options.iamEndpoint, fetchToken, options.tokenCache ?? new TokenCache(), this.now);
  }

  static fromConfig(
    config: ProviderConfig,
    extra: Omit<ClientOptions, "endpoint" | "endpointOrigin" | "iamEndpoint" | "iamEndpointOrigin" | "auth"> = {},
  ): CodeArtsClient {
    return new CodeArtsClient({
      ...extra,
      endpoint: config.endpoint,
      endpointOrigin: config.endpointOrigin,
      iamEndpoint: config.iamEndpoint,
      iamEndpointOrigin: config.iamEndpointOrigin,
      auth: config.auth,
      retry: { ...extra.retry, ...(config.maxRetries === undefined ? {} : { maxRetries: config.maxRetries }) },
      rateLimitPerMinute: config.rateLimitPerMinute ?? extra.rateLimitPerMinute,
    });
  }

  /** Calls a route and returns its validated payload. */
  async call<K extends keyof T & string>(name: K, args: CallArgs<K, T> = {}): Promise<RouteResult<K, T>> {
    return (await this.respond(name, args as AnyCallArgs)).data as RouteResult<K, T>;
  }

  /**
   * Walks a list route page by page, as its route declares (`paging`), and yields each page's
   * items with the list's full length when the service reports it. Each page read goes through
   * `call`'s path, so coalescing applies page by page.
   */
  async *pages<K extends PagedRouteName<T> & string>(name: K, args: PageArgs<K, T> = {}): AsyncGenerator<ListPage<RouteItem<K, T>>> {
    const paging = this.table[name].paging!;
    const size = args.pageSize ?? paging.pageSize;
    let offset = args.offset ?? 0;
    for (let page = 1; ; page++) {
      const position = paging.by === "page" ? { page_index: page, page_size: size } : { offset, limit: size };
      const exchange = await this.respond(name, { params: args.params, query: { ...args.query, ...position }, fresh: args.fresh } as AnyCallArgs);
      const result = exchange.data as Record<string, unknown>;
      const items = (paging.items === undefined ? result : result[paging.items]) as RouteItem<K, T>[];
      const total = paging.total === "header" ? wholeNumber(exchange.headers["x-total"]) : paging.total === "body" ? wholeNumber(result.total) : undefined;
      yield { items, total };
      offset += items.length;
      const seen = paging.by === "page" ? page * size : offset;
      if (items.length === 0 || (total !== undefined ? seen >= total : items.length < size)) return;
    }
  }

  /** Every item of a list route, all pages (like octokit's `paginate`). */
  async paginate<K extends PagedRouteName<T> & string>(name: K, args: PageArgs<K, T> = {}): Promise<RouteItem<K, T>[]> {
    const items: RouteItem<K, T>[] = [];
    for await (const page of this.pages(name, args)) items.push(...page.items);
    return items;
  }

  /** The first item of a list route that matches, reading no page beyond the one it is on. */
  async find<K extends PagedRouteName<T> & string>(
    name: K,
    args: PageArgs<K, T>,
    matches: (item: RouteItem<K, T>) => boolean,
  ): Promise<RouteItem<K, T> | undefined> {
    for await (const page of this.pages(name, args)) {
      const match = page.items.find(matches);
      if (match !== undefined) return match;
    }
    return undefined;
  }

  private async respond(name: string, args: AnyCallArgs): Promise<Exchange> {
    const spec: RouteSpec = this.table[name];
    if (spec.coalesce && !args.fresh) return this.coalesced(name, args);
    if (spec.method === "GET") {
      const exchange = await this.authorized(name, args);
      if (spec.capture) captureAnswer(name, args, { ...exchange, data: spec.capture(exchange.data as never) });
      return exchange;
    }
    try {
      return await this.authorized(name, args);
    } finally {
      // Any write — even one that failed or whose answer was lost — may change what a list shows.
      this.forgetListsOf({ id: args.params?.repository_id, uuid: args.params?.repository_uuid, ...args.repository }, spec.changes);
    }
  }

  /**
   * Stops reusing the list answers a write to this repository may have changed: every answer but
   * those that provably belong to another repository (their path names another id or uuid). So the
   * writes of an `up` to one repository leave the lists its neighbours are sharing alone, while a
   * list of no repository (a project's repositories, the user's SSH keys) is always forgotten.
   * A write that declares its reach (`RouteSpec.changes`) leaves its repository's other lists too.
   */
  private forgetListsOf(repository: { id?: string | number; uuid?: string | number }, changes?: readonly string[]): void {
    const id = repository.id === undefined ? undefined : String(repository.id);
    const uuid = repository.uuid === undefined ? undefined : String(repository.uuid).toLowerCase();
    for (const [key, entry] of this.shared) {
      const { repository_id: listId, repository_uuid: listUuid } = entry.params;
      const anotherById = listId !== undefined && id !== undefined && String(listId) !== id;
      const anotherByUuid = listUuid !== undefined && uuid !== undefined && String(listUuid).toLowerCase() !== uuid;
      const anotherList = changes !== undefined && !changes.includes(entry.route);
      if (!anotherById && !anotherByUuid && !anotherList) this.shared.delete(key);
    }
  }

  private coalesced(name: string, args: AnyCallArgs): Promise<Exchange> {
    const key = JSON.stringify([name, args.params ?? {}, args.query ?? {}]);
    const hit = this.shared.get(key);
    if (hit && hit.until > this.now()) return hit.answer;
    const answer = this.authorized(name, args);
    const entry = { until: Number.POSITIVE_INFINITY, answer, route: name, params: args.params ?? {} };
    this.shared.set(key, entry);
    answer.then(
      (exchange) => {
        entry.until = this.now() + (this.options.coalesceTtlMs ?? COALESCE_TTL_MS);
        captureAnswer(name, args, exchange);
      },
      () => this.shared.get(key) === entry && this.shared.delete(key),
    );
    return answer;
  }

  private async authorized(name: string, args: AnyCallArgs): Promise<Exchange> {
    let used: Record<string, string> = {};
    const authorize: Authorize = async (request) => (used = await this.auth.headers(request));
    try {
      return await this.exchange(name, args, authorize);
    } catch (error) {
      // A token can expire or be revoked between our check and the call: get a new one once.
      if (error instanceof CodeArtsApiError && error.httpStatus === 401 && this.auth.renewable) {
        this.auth.refused(used);
        return this.exchange(name, args, authorize);
      }
      throw error;
    }
  }

  /** One logical request: retried on throttling, gateway errors and dropped connections. */
  private async exchange(name: string, args: AnyCallArgs, authorize?: Authorize): Promise<Exchange> {
    const spec: RouteSpec = this.table[name];
    const path = fillPath(spec.path, args.params ?? {});
    const iam = spec.service === "iam";
    const base = iam ? this.options.iamEndpoint : this.options.endpoint;
    const url = base + path;
    const query = toSearchParams(args.query);
    // The exact bytes sent, so that an AK/SK signature covers what the server receives.
    const body = args.body === undefined ? undefined : JSON.stringify(args.body);
    const contentType: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
    const deadline = Date.now() + 120_000;
    for (let attempt = 0; ; attempt++) {
      const slot = this.throttle.reserve(`${spec.method} ${spec.path}`);
      if (slot > 0) await this.wait(slot, "rate-limit");
      const started = Date.now();
      // Authorized per attempt: a signature carries its time, and a retry may come much later.
      const authHeaders = authorize ? await authorize({ method: spec.method, url, path, query, body, headers: contentType }) : {};
      let response: Response<string>;
      try {
        response = await this.http(url, {
          method: spec.method,
          searchParams: query,
          body,
          headers: { ...contentType, ...authHeaders },
        });
      } catch (error) {
        const reason = networkReason(error);
        this.options.onExchange?.({ method: spec.method, path, status: "network-error", ms: Date.now() - started, attempt });
        // A create whose request may have reached the server is not retried blindly.
        if (spec.idempotent && attempt < this.retry.maxRetries && Date.now() < deadline) {
          await this.wait(this.backoff(attempt), "backoff");
          continue;
        }
        throw new CodeArtsNetworkError({
          service: iam ? "IAM" : "CodeArts Repo API",
          method: spec.method,
          path,
          host: new URL(base).host,
          origin: iam ? this.options.iamEndpointOrigin : this.options.endpointOrigin,
          reason,
        });
      }
      this.options.onExchange?.({ method: spec.method, path, status: response.statusCode, ms: Date.now() - started, attempt });
      if (RETRYABLE_STATUS.has(response.statusCode) && attempt < this.retry.maxRetries && Date.now() < deadline) {
        // 429 means the request was refused before it ran, so even a create may be retried.
        if (spec.idempotent || response.statusCode === 429) {
          const backoff = this.backoff(attempt);
          const retryAfter = retryAfterMs(response);
          await this.wait(Math.max(retryAfter, backoff), retryAfter > backoff ? "retry-after" : "backoff");
          continue;
        }
      }
      return { status: response.statusCode, headers: response.headers, data: parseResponse(spec, path, response) };
    }
  }

  private wait(ms: number, why: "rate-limit" | "backoff" | "retry-after"): Promise<void> {
    return this.options.wait ? this.options.wait(ms, why) : sleep(ms);
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

}

/** A whole number from a header or a body field; undefined when absent or not one. */
function wholeNumber(value: unknown): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === null || text === "") return undefined;
  const number = Number(text);
  return Number.isInteger(number) ? number : undefined;
}

/**
 * The environment variable naming a file that receives every coalesced list answer this process
 * reads, one JSON line each (see {@link CapturedListAnswer}). `codeartsrepo drift` sets it for the
 * provider process of its refresh, so that finding unmanaged objects reuses the lists refresh
 * already read instead of reading them again. Lists hold no secret: the service masks webhook
 * tokens and deploy keys are public keys.
 */
export const LIST_CAPTURE_ENV = "CODEARTSREPO_LIST_CAPTURE";

/** One line of the list capture file. */
export interface CapturedListAnswer {
  route: RouteName;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The `X-Total` header, when the service sent one. */
  total?: number;
  data: unknown;
}

function captureAnswer(route: string, args: AnyCallArgs, exchange: Exchange): void {
  const file = process.env[LIST_CAPTURE_ENV];
  if (!file) return;
  const line: CapturedListAnswer = {
    route: route as RouteName,
    params: (args.params ?? {}) as Record<string, unknown>,
    query: (args.query ?? {}) as Record<string, unknown>,
    total: totalOf(exchange),
    data: exchange.data,
  };
  // One write per line with O_APPEND: lines from concurrent provider processes never interleave.
  appendFileSync(file, JSON.stringify(line) + "\n", { mode: 0o600 });
}

/** A V4 list's full length from its `X-Total` header; undefined when the service leaves it out. */
function totalOf(exchange: Exchange): number | undefined {
  return wholeNumber(exchange.headers["x-total"]);
}

function toSearchParams(query: unknown): Record<string, string> | undefined {
  if (!query || typeof query !== "object") return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params[key] = String(value);
  }
  return params;
}

function networkReason(error: unknown): string {
  const e = error as { code?: string; name?: string; message?: string };
  return e.code ?? e.name ?? "unknown network error";
}

function retryAfterMs(response: Response<string>): number {
  const header = response.headers["retry-after"];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 60_000) : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The header the SDK core takes the request id from (X-Request-Id; Node lowercases names). */
function requestIdOf(response: Response<string>): string | undefined {
  const value = response.headers["x-request-id"];
  return Array.isArray(value) ? value[0] : value;
}

/** Validates a success body, or turns an error body into a CodeArtsApiError. */
function parseResponse(spec: RouteSpec, path: string, response: Response<string>): unknown {
  if (response.statusCode >= 400) {
    const { code, message } = serviceErrorOf(response.body);
    throw new CodeArtsApiError({
      method: spec.method,
      path,
      httpStatus: response.statusCode,
      code,
      serviceMessage: message,
      requestId: requestIdOf(response),
    });
  }
  const schema = spec.style === "envelope" ? envelope(spec.result) : spec.result;
  const parsed = schema.safeParse(parseJson(response.body));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length > 0 ? issue.path.join(".") : "(body)";
    throw new CodeArtsResponseError(spec.method, path, field, issue.message.toLowerCase());
  }
  return spec.style === "envelope" ? (parsed.data as { result: unknown }).result : parsed.data;
}

export { TokenCache } from "./auth";
