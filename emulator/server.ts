/**
 * The emulator's HTTP layer: routes every request in api/routes/index.ts to its handler, checks
 * X-Auth-Token, validates query and body with the same wire schemas the client uses, wraps
 * answers in the route's documented shape (v1/v2 envelope or bare V4), and counts requests per
 * route for tests and benchmarks.
 */
import { IncomingMessage, Server, ServerResponse, createServer } from "node:http";
import { z } from "zod";
import { RouteName, RouteResultInput, RouteSpec, matchPath, routes } from "../api/routes";
import { parseAuthorization, parseSdkDate, signatureParts } from "../api/signer";
import { TokenBuckets } from "../api/token-bucket";
import { ErrorCodes, ErrorMessages } from "../wire";
import { FaultPlan, LoggedCall } from "./faults";
import { Repository, World } from "./state";

/** An error answer: rendered in the route's documented error shape. */
export class Fault extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    /** Force the bare `{error_code, error_msg}` shape (gateway errors) whatever the route's style. */
    readonly bare = false,
  ) {
    super(message);
  }
}

export const faults = {
  invalid: (message: string) => new Fault(400, ErrorCodes.invalidParam, message),
  notFound: (message = "Not Found") => new Fault(404, ErrorCodes.notFound, message),
};

/** The repository a V4 call names by its integer id; missing, the bare 404 CH.00402000 (seeds 001, 003). */
export function repositoryV4(world: World, id: string): Repository {
  const repo = world.repositoryById(Number(id));
  if (!repo) throw new Fault(404, ErrorCodes.repositoryMissing, ErrorMessages.repositoryMissing);
  return repo;
}

/** A handler's answer when it needs more than a payload (another status, headers). */
export class Reply<T> {
  constructor(
    readonly result: T,
    readonly status?: number,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface HandlerRequest<K extends RouteName> {
  params: Record<string, string>;
  query: Routes[K] extends { query: z.ZodType } ? z.output<Routes[K]["query"]> : Record<string, never>;
  body: Routes[K] extends { body: z.ZodType } ? z.output<Routes[K]["body"]> : undefined;
  /** The authenticated user's id (repo routes only). */
  userId: string;
  baseUrl: string;
}
type Routes = typeof routes;

export type Handler<K extends RouteName> = (
  request: HandlerRequest<K>,
) => RouteResultInput<K> | Reply<RouteResultInput<K>> | Promise<RouteResultInput<K> | Reply<RouteResultInput<K>>>;
export type Handlers = { [K in RouteName]: Handler<K> };

export interface ServerSettings {
  /** Tokens accepted without IAM (from --token), never expiring. */
  staticTokens: string[];
  /** Access key → its secret key, for AK/SK-signed requests (they act as the first seeded user). */
  accessKeys: Map<string, string>;
  gateway: GatewaySettings;
  /** Injected failures, by plan (see faults.ts). */
  faults: FaultPlan;
}

/**
 * What the API gateway in front of the service does to traffic: throttling per API and latency.
 * Mutable at run time (PUT /__emulator/settings). Injected failures are planned apart (faults.ts).
 */
export interface GatewaySettings {
  /** Calls per minute per API (method + route), shared by all callers; 0 turns throttling off. */
  rateLimitPerMinute: number;
  /** Added to every API request, with ±50% jitter. */
  latencyMs: number;
}

/** The API gateway refuses a signature whose X-Sdk-Date is further than this from its clock. */
export const SIGNATURE_CLOCK_SKEW_MS = 15 * 60_000;

interface CompiledRoute {
  name: RouteName;
  spec: RouteSpec;
  match: (path: string) => Record<string, string> | undefined;
}

export interface RequestCounts {
  /** API requests received, throttled and failed ones included. */
  total: number;
  byRoute: Record<string, number>;
  /** Requests answered 429 by the rate limiter. */
  throttled: number;
  /** Injected failures by kind (e.g. "status:503", "answer-lost"). */
  faults: Record<string, number>;
}

export class RequestCounter {
  private counts = new Map<string, number>();
  private throttled = 0;
  private faults = new Map<string, number>();
  private log: LoggedCall[] = [];
  /** Records an API call in arrival order; the caller fills in its outcome. */
  logCall(route: RouteName, method: string, path: string): LoggedCall {
    const call: LoggedCall = { seq: this.log.length + 1, route, method, path, outcome: "pending" };
    this.log.push(call);
    return call;
  }
  calls(): LoggedCall[] {
    return [...this.log];
  }
  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  countThrottled(): void {
    this.throttled += 1;
  }
  countFault(kind: string): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }
  snapshot(): RequestCounts {
    const sorted = (map: Map<string, number>) => Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return {
      total: [...this.counts.values()].reduce((a, b) => a + b, 0),
      byRoute: sorted(this.counts),
      throttled: this.throttled,
      faults: sorted(this.faults),
    };
  }
  reset(): void {
    this.counts.clear();
    this.faults.clear();
    this.throttled = 0;
    this.log = [];
  }
}

/** Control endpoints under /__emulator: no auth, not counted. */
export type ControlHandler = (request: { method: string; body: unknown }) => unknown;

export function createEmulatorServer(
  world: World,
  handlers: Handlers,
  settings: ServerSettings,
  controls: Record<string, ControlHandler>,
  counter: RequestCounter,
): Server {
  const limiter = new TokenBuckets(() => settings.gateway.rateLimitPerMinute);
  const compiled: CompiledRoute[] = (Object.keys(routes) as RouteName[]).map((name) => ({
    name,
    spec: routes[name],
    match: matchPath(routes[name].path),
  }));

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { error_code: ErrorCodes.unknown, error_msg: `emulator error: ${String(error)}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = (req.method ?? "GET").toUpperCase();
    const baseUrl = `http://${req.headers.host ?? "127.0.0.1"}`;
    const raw = await readBody(req);

    if (url.pathname.startsWith("/__emulator/")) {
      const control = controls[url.pathname.slice("/__emulator/".length)];
      if (!control) return send(res, 404, { error: `no control endpoint ${url.pathname}` });
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return send(res, 400, { error: "body is not JSON" });
      }
      try {
        return send(res, 200, (await control({ method, body })) ?? { ok: true });
      } catch (error) {
        return send(res, 400, { error: (error as Error).message });
      }
    }

    const found = compiled
      .filter((route) => route.spec.method === method)
      .map((route) => ({ route, params: route.match(url.pathname) }))
      .find((candidate) => candidate.params !== undefined);
    if (!found) {
      counter.count(`${method} (no such API)`);
      return send(res, 404, { error_code: "APIGW.0101", error_msg: "The API does not exist or has not been published in the environment" });
    }
    const { route, params } = found;
    const apiKey = `${route.spec.method} ${route.spec.path}`;
    counter.count(apiKey);
    const call = counter.logCall(route.name, method, url.pathname);

    const { latencyMs } = settings.gateway;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs * (0.5 + Math.random())));
    const waitMs = limiter.tryTake(apiKey);
    if (waitMs > 0) {
      counter.countThrottled();
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      call.outcome = 429;
      return send(res, 429, throttledBody(settings.gateway.rateLimitPerMinute), { "retry-after": retryAfter });
    }
    const injection = settings.faults.decide(call);
    if (call.fault) counter.countFault(call.fault);
    const sendLogged = (status: number, payload: unknown, headers?: Record<string, string>) => {
      call.outcome = status;
      send(res, status, payload, headers);
    };
    const dropConnection = () => {
      call.outcome = "dropped";
      req.socket.destroy();
    };
    if (injection.kind === "drop") return dropConnection();
    if (injection.kind === "status") {
      const retryAfter: Record<string, string> = injection.retryAfterSeconds === undefined ? {} : { "retry-after": String(injection.retryAfterSeconds) };
      return sendLogged(injection.status, { error_code: injection.code, error_msg: injection.message }, retryAfter);
    }
    // After the call ran, its answer may be lost: the caller cannot know whether it took effect.
    const lose = injection.kind === "after" ? injection.lose : undefined;
    const respond = async (status: number, payload: unknown, headers?: Record<string, string>) => {
      if (lose === "hold") await settings.faults.hold();
      if (lose === "drop") return dropConnection();
      if (lose !== undefined && lose !== "hold") return sendLogged(lose.status, { error_code: lose.code, error_msg: lose.message });
      return sendLogged(status, payload, headers);
    };

    try {
      const userId = route.spec.service === "repo" ? authenticate(req, url, raw) : "";
      const query = parseWith(route.spec.query, Object.fromEntries(url.searchParams), "query");
      let body: unknown;
      if (route.spec.body) {
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          throw faults.invalid("Param invalid: the request body is not valid JSON");
        }
        body = parseWith(route.spec.body, body, "body");
      }
      const handler = handlers[route.name] as Handler<RouteName>;
      const answer = await handler({ params: params!, query: query as never, body: body as never, userId, baseUrl });
      const reply = answer instanceof Reply ? answer : new Reply(answer);
      // The emulator holds itself to the documented schema of what it answers.
      const checked = route.spec.result.safeParse(reply.result);
      if (!checked.success) {
        throw new Fault(500, ErrorCodes.unknown, `emulator answer breaks the ${route.name} schema: ${checked.error.message}`);
      }
      const payload = route.spec.style === "envelope" ? { result: reply.result, status: "success" } : reply.result;
      return respond(reply.status ?? route.spec.status, payload, reply.headers);
    } catch (error) {
      if (!(error instanceof Fault)) throw error;
      const payload =
        route.spec.style === "envelope" && !error.bare
          ? { error: { code: error.code, message: error.message }, status: "failed" }
          : { error_code: error.code, error_msg: error.message };
      return respond(error.httpStatus, payload);
    }
  }

  /** The API gateway answers a missing, unknown or expired token before any service runs. */
  function authenticate(req: IncomingMessage, url: URL, body: string): string {
    const authorization = req.headers.authorization;
    if (authorization?.startsWith("SDK-HMAC-SHA256")) return verifySignature(req, url, body, authorization);
    const token = req.headers["x-auth-token"];
    const value = Array.isArray(token) ? token[0] : token;
    if (!value) throw new Fault(401, ErrorCodes.authNotFound, ErrorMessages.authNotFound, true);
    if (settings.staticTokens.includes(value)) return world.seed.users[0].id;
    const issued = world.data.tokens.find((t) => t.token === value);
    if (!issued) throw new Fault(401, ErrorCodes.authNotFound, ErrorMessages.authNotFound, true);
    if (issued.expiresAt <= Date.now()) throw new Fault(401, ErrorCodes.authExpired, ErrorMessages.authExpired, true);
    return issued.userId;
  }

  function verifySignature(req: IncomingMessage, url: URL, body: string, authorization: string): string {
    const refuse = (why: string) => new Fault(401, ErrorCodes.signatureRefused, `Incorrect IAM authentication information: ${why}`, true);
    const parsed = parseAuthorization(authorization);
    if (!parsed) throw refuse("malformed Authorization header");
    const secretKey = settings.accessKeys.get(parsed.accessKey);
    if (secretKey === undefined) throw refuse("unknown access key");
    const date = header(req, "x-sdk-date");
    if (!date || !parsed.signedHeaders.includes("x-sdk-date")) throw refuse("X-Sdk-Date is missing");
    const when = parseSdkDate(date);
    if (!when || Math.abs(when.getTime() - Date.now()) > SIGNATURE_CLOCK_SKEW_MS) throw refuse("X-Sdk-Date is more than 15 minutes off");
    const headers: Record<string, string> = {};
    for (const name of parsed.signedHeaders) {
      const value = header(req, name);
      if (value === undefined) throw refuse(`signed header ${name} is missing`);
      headers[name] = value;
    }
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const values = url.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0] : values;
    }
    const rawPath = (req.url ?? "/").split("?")[0];
    const expected = signatureParts({ method: req.method ?? "GET", path: rawPath, query, headers, body: body || undefined }, parsed.accessKey, secretKey);
    if (expected.signature !== parsed.signature) throw refuse("verify aksk signature fail");
    return world.seed.users[0].id;
  }
}

function throttledBody(limit: number) {
  return { error_code: "APIGW.0308", error_msg: `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 minute` };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function parseWith(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return where === "query" ? {} : undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join(".") : where;
  throw faults.invalid(`Param invalid: ${field}: ${issue.message}`);
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = payload === undefined ? "" : JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json;charset=UTF-8", "x-request-id": requestId(), ...headers });
  res.end(text);
}

let requestSequence = 0;
function requestId(): string {
  requestSequence += 1;
  return `emulator-${process.pid}-${requestSequence}`;
}
