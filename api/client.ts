/**
 * The CodeArts Repo API client: one `call(route, args)` for every route in routes.ts. It owns
 * the HTTP details in one place — authentication headers, retries with backoff, response
 * validation against the wire schemas and turning error bodies into typed errors.
 */
import got, { Got, Response } from "got";
import type { LookupFunction } from "node:net";
import { Authenticator, OutgoingRequest, authenticatorFor } from "./auth";
import { TokenBuckets } from "./token-bucket";
import type { AuthConfig, ProviderConfig } from "./config";
import { CodeArtsApiError, CodeArtsNetworkError, CodeArtsResponseError, serviceErrorOf } from "./errors";
import { envelope } from "../wire";
import {
  PathParams,
  RouteBody,
  RouteName,
  RouteQuery,
  RouteResult,
  RouteSpec,
  fillPath,
  routes,
} from "./routes";

export interface CallArgs<K extends RouteName> {
  params?: PathParams<K>;
  query?: RouteQuery<K>;
  body?: RouteBody<K>;
  /**
   * Never reuse a coalesced list answer for this call: for a caller that concludes from the list
   * that an object is gone, where an answer a few seconds old could be wrong.
   */
  fresh?: boolean;
}

export interface RetryPolicy {
  /** Further attempts after the first. */
  maxRetries: number;
  /** First backoff delay; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface ClientOptions {
  endpoint: string;
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

type Authorize = (request: OutgoingRequest) => Promise<Record<string, string>>;

export class CodeArtsClient {
  private readonly http: Got;
  private readonly retry: RetryPolicy;
  private readonly auth: Authenticator;
  private readonly throttle: TokenBuckets;
  /** Coalesced list reads: request key → the shared answer and when it stops being reused. */
  private readonly shared = new Map<string, { until: number; answer: Promise<Exchange> }>();
  private readonly now: () => number;

  constructor(private readonly options: ClientOptions) {
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
    this.auth = authenticatorFor(options.auth, options.iamEndpoint, (body) => this.exchange("iamCreateToken", { body }), this.now);
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
  async call<K extends RouteName>(name: K, args: CallArgs<K> = {}): Promise<RouteResult<K>> {
    return (await this.respond(name, args)).data as RouteResult<K>;
  }

  /**
   * Calls a V4 list route and returns its payload with the `X-Total` response header, the list's
   * full length (undefined when the service leaves the header out).
   */
  async callWithTotal<K extends RouteName>(name: K, args: CallArgs<K> = {}): Promise<{ result: RouteResult<K>; total?: number }> {
    const exchange = await this.respond(name, args);
    const header = exchange.headers["x-total"];
    const total = Number(Array.isArray(header) ? header[0] : header);
    return { result: exchange.data as RouteResult<K>, total: header !== undefined && Number.isInteger(total) ? total : undefined };
  }

  private async respond<K extends RouteName>(name: K, args: CallArgs<K>): Promise<Exchange> {
    const spec: RouteSpec = routes[name];
    if (spec.coalesce && !args.fresh) return this.coalesced(name, args);
    if (spec.method === "GET") return this.authorized(name, args);
    try {
      return await this.authorized(name, args);
    } finally {
      // Any write — even one that failed or whose answer was lost — may change what a list shows:
      // stop reusing list answers. (Clearing everything rather than one repository's lists keeps
      // this obviously correct; writes are rare in a run that reads many lists.)
      this.shared.clear();
    }
  }

  private coalesced<K extends RouteName>(name: K, args: CallArgs<K>): Promise<Exchange> {
    const key = JSON.stringify([name, args.params ?? {}, args.query ?? {}]);
    const hit = this.shared.get(key);
    if (hit && hit.until > this.now()) return hit.answer;
    const answer = this.authorized(name, args);
    const entry = { until: Number.POSITIVE_INFINITY, answer };
    this.shared.set(key, entry);
    answer.then(
      () => (entry.until = this.now() + (this.options.coalesceTtlMs ?? COALESCE_TTL_MS)),
      () => this.shared.get(key) === entry && this.shared.delete(key),
    );
    return answer;
  }

  private async authorized<K extends RouteName>(name: K, args: CallArgs<K>): Promise<Exchange> {
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
  private async exchange<K extends RouteName>(name: K, args: CallArgs<K>, authorize?: Authorize): Promise<Exchange> {
    const spec: RouteSpec = routes[name];
    const path = fillPath(spec.path, (args.params ?? {}) as Record<string, string | number>);
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

/**
 * Every item of a V4 list, page by page (offset/limit), until the `X-Total` header's count.
 * Without that header, a short page is the last (a service capping the limit lower would cut the
 * walk short).
 */
export async function walkV4List<T>(page: (offset: number, limit: number) => Promise<{ result: T[]; total?: number }>, limit: number): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const { result, total } = await page(items.length, limit);
    items.push(...result);
    const done = total !== undefined ? items.length >= total : result.length < limit;
    if (done || result.length === 0) return items;
  }
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

export { clearTokenCache } from "./auth";
