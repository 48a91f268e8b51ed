/**
 * The three ways to authenticate a request, behind one interface the client calls once per attempt:
 * a given IAM token, an IAM token fetched with a user name and password, or AK/SK request signing.
 */
import type { AuthConfig } from "./config";
import { CodeArtsConfigError } from "./errors";
import type { RouteBody, RouteResult } from "./routes";
import { sdkDate, signatureParts } from "./signer";

/** A request about to be sent, as the authenticator needs to see it. */
export interface OutgoingRequest {
  method: string;
  /** Full URL without the query string. */
  url: string;
  /** The path as sent (percent-encoded). */
  path: string;
  query?: Record<string, string>;
  body?: string;
  /** Headers the request already carries that must be covered (content-type). */
  headers: Record<string, string>;
}

export interface Authenticator {
  /** Whether a 401 can be cured by getting new credentials. */
  readonly renewable: boolean;
  /** Headers that authenticate this request. */
  headers(request: OutgoingRequest): Promise<Record<string, string>>;
  /** The service refused the request sent with these headers: stop using those credentials. */
  refused(headers: Record<string, string>): void;
}

type TokenResponse = { headers: Record<string, string | string[] | undefined>; data: unknown };
export type TokenFetcher = (body: RouteBody<"iamCreateToken">) => Promise<TokenResponse>;

/** `now` is the clock that decides when a cached IAM token is renewed. */
export function authenticatorFor(auth: AuthConfig, iamEndpoint: string, fetchToken: TokenFetcher, now: () => number = Date.now): Authenticator {
  switch (auth.kind) {
    case "token":
      return { renewable: false, headers: async () => ({ "x-auth-token": auth.token }), refused: () => undefined };
    case "password":
      return new IamPasswordAuthenticator(auth, iamEndpoint, fetchToken, now);
    case "aksk":
      return new AkSkAuthenticator(auth);
  }
}

class AkSkAuthenticator implements Authenticator {
  readonly renewable = false;
  constructor(private readonly auth: Extract<AuthConfig, { kind: "aksk" }>) {}

  async headers(request: OutgoingRequest): Promise<Record<string, string>> {
    const signed: Record<string, string> = {
      ...request.headers,
      host: new URL(request.url).host,
      "x-sdk-date": sdkDate(new Date()),
    };
    if (this.auth.securityToken) signed["x-security-token"] = this.auth.securityToken;
    if (this.auth.projectId) signed["x-project-id"] = this.auth.projectId;
    const { authorization } = signatureParts(
      { method: request.method, path: request.path, query: request.query, headers: signed, body: request.body },
      this.auth.accessKey,
      this.auth.secretKey,
    );
    // got sets Host itself from the URL; sending ours too would duplicate it.
    const { host: _host, ...rest } = signed;
    return { ...rest, authorization };
  }

  refused(): void {}
}

/** Renew an IAM token this long before it expires (or a tenth of its lifetime, if shorter). */
const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

interface CachedToken {
  pending: Promise<{ token: string; expiresAt: number }>;
  /** Set once issued. */
  token?: string;
  /** When to stop using it: expiry less a safety margin. */
  renewAt?: number;
}

/**
 * IAM tokens are valid for 24 h and issuing them is rate limited, so one token per identity is
 * fetched per provider process and shared by every resource, then renewed shortly before expiry.
 */
const tokenCache = new Map<string, CachedToken>();

class IamPasswordAuthenticator implements Authenticator {
  readonly renewable = true;
  private readonly key: string;

  constructor(
    private readonly auth: Extract<AuthConfig, { kind: "password" }>,
    iamEndpoint: string,
    private readonly fetchToken: TokenFetcher,
    private readonly now: () => number,
  ) {
    this.key = JSON.stringify([iamEndpoint, auth.domainName, auth.userName, auth.scope]);
  }

  async headers(): Promise<Record<string, string>> {
    return { "x-auth-token": await this.current() };
  }

  refused(headers: Record<string, string>): void {
    if (tokenCache.get(this.key)?.token === headers["x-auth-token"]) tokenCache.delete(this.key);
  }

  private async current(): Promise<string> {
    const cached = tokenCache.get(this.key);
    if (cached && (cached.renewAt === undefined || cached.renewAt > this.now())) {
      return (await cached.pending).token;
    }
    const issuedAt = this.now();
    const entry: CachedToken = { pending: this.issue() };
    tokenCache.set(this.key, entry);
    try {
      const issued = await entry.pending;
      const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, (issued.expiresAt - issuedAt) / 10);
      entry.token = issued.token;
      entry.renewAt = issued.expiresAt - margin;
      return issued.token;
    } catch (error) {
      if (tokenCache.get(this.key) === entry) tokenCache.delete(this.key);
      throw error;
    }
  }

  private async issue(): Promise<{ token: string; expiresAt: number }> {
    const { auth } = this;
    const response = await this.fetchToken({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: auth.userName, password: auth.password, domain: { name: auth.domainName } } },
        },
        scope: { project: auth.scope },
      },
    });
    const header = response.headers["x-subject-token"];
    const token = Array.isArray(header) ? header[0] : header;
    if (!token) throw new CodeArtsConfigError("IAM answered POST /v3/auth/tokens without an X-Subject-Token header.");
    const expiresAt = Date.parse((response.data as RouteResult<"iamCreateToken">).token.expires_at);
    return { token, expiresAt: Number.isFinite(expiresAt) ? expiresAt : this.now() + 60 * 60_000 };
  }
}

/** For tests: forget every cached IAM token. */
export function clearTokenCache(): void {
  tokenCache.clear();
}
