/**
 * Typed errors. Each carries what a user needs to act (HTTP status, service error code and message,
 * method and path) and nothing they must not see (headers, tokens, bodies we sent).
 *
 * The Pulumi dynamic-provider host prints `${error}: ${error.stack}` for failed reads and deletes.
 * A JavaScript stack trace tells a user nothing about a failed API call, so these errors replace
 * their stack with the request they describe.
 */

import { ErrorCodes } from "../wire";

/**
 * Base class of every error this package throws, so a program can tell them from others with one
 * `instanceof`. Its stack is the request it describes, not a JavaScript stack trace.
 */
export abstract class CodeArtsError extends Error {
  protected constructor(message: string, where: string) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, "stack", { value: where, enumerable: false, writable: true, configurable: true });
  }
}

export interface ApiErrorDetails {
  method: string;
  /** Path with parameters filled in, without the query string. */
  path: string;
  httpStatus: number;
  /** The service's error code, e.g. CH.000404 or APIGW.0301; undefined when the body had none. */
  code?: string;
  /** The service's error message. */
  serviceMessage?: string;
  requestId?: string;
}

/** The service answered with an error status. */
export class CodeArtsApiError extends CodeArtsError implements ApiErrorDetails {
  readonly method: string;
  readonly path: string;
  readonly httpStatus: number;
  readonly code?: string;
  readonly serviceMessage?: string;
  readonly requestId?: string;

  constructor(details: ApiErrorDetails) {
    const code = details.code ? ` ${details.code}` : "";
    const text = details.serviceMessage ? `: ${details.serviceMessage}` : "";
    const request = details.requestId ? ` (request id ${details.requestId})` : "";
    super(
      `CodeArts Repo API ${details.method} ${details.path} failed with HTTP ${details.httpStatus}${code}${text}${request}`,
      `    at ${details.method} ${details.path}`,
    );
    this.method = details.method;
    this.path = details.path;
    this.httpStatus = details.httpStatus;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage;
    this.requestId = details.requestId;
  }

  get isNotFound(): boolean {
    return this.httpStatus === 404;
  }

  /**
   * HTTP 401 CH.080401 "No Permission": what the service answers for a repository the caller
   * cannot see, including — as the Huawei Cloud Terraform provider observes — a deleted one, or
   * one created a moment ago. It says nothing for certain about existence.
   */
  get isNoPermission(): boolean {
    return this.httpStatus === 401 && this.code === ErrorCodes.noPermission;
  }
}

/** The service answered 2xx, but the body is not what the documented schema says. */
export class CodeArtsResponseError extends CodeArtsError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(
      `CodeArts Repo API ${method} ${path} returned an unexpected response: field "${field}" ${problem}`,
      `    at ${method} ${path}`,
    );
  }
}

export interface NetworkErrorDetails {
  /** "CodeArts Repo API" or "IAM". */
  service: string;
  method: string;
  path: string;
  /** The host (and port) the request was sent to. */
  host: string;
  /** Where that host came from: a config key, an environment variable or a region's default. */
  origin?: string;
  /** The network error code, e.g. ENOTFOUND, ECONNREFUSED, ETIMEDOUT. */
  reason: string;
}

/**
 * The request never got an HTTP answer (no such host, connection refused, reset, timed out). It
 * names the host and where the setting came from: a bare ENOTFOUND does not say which of the
 * endpoint settings, or which region, to fix.
 */
export class CodeArtsNetworkError extends CodeArtsError implements NetworkErrorDetails {
  readonly service: string;
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly origin?: string;
  readonly reason: string;

  constructor(details: NetworkErrorDetails) {
    const origin = details.origin ? ` (${details.origin})` : "";
    super(
      `${details.service} ${details.method} ${details.path} could not reach ${details.host}${origin}: ${details.reason}`,
      `    at ${details.method} ${details.path}`,
    );
    this.service = details.service;
    this.method = details.method;
    this.path = details.path;
    this.host = details.host;
    this.origin = details.origin;
    this.reason = details.reason;
  }
}

/** Provider configuration is missing or contradictory. */
export class CodeArtsConfigError extends CodeArtsError {
  constructor(message: string) {
    super(message, "    at provider configuration");
  }
}

/** A function a program called was given arguments that break a rule; the message names each. */
export class CodeArtsArgumentError extends CodeArtsError {
  constructor(message: string) {
    super(message, "    at the function's arguments");
  }
}

/** A long-running operation ended badly or took too long. */
export class CodeArtsOperationError extends CodeArtsError {
  constructor(message: string, where: string) {
    super(message, `    at ${where}`);
  }
}

/** A repository creation that the service reports as failed (status 2), the one documented failure. */
export class CodeArtsCreationFailedError extends CodeArtsOperationError {}

/** Creation outlasted the provider's wait; the repository may still appear. */
export class CodeArtsCreationTimeoutError extends CodeArtsOperationError {}

/**
 * The plan would delete a repository the program did not ask to delete: a replacement because a
 * field that only replacement can change differs, without `allowReplace`.
 */
export class CodeArtsReplacementRefusedError extends CodeArtsError {
  constructor(message: string) {
    super(message, "    at the plan (diff) of this repository");
  }
}

/** An adoption found the repository, but it differs from the program in a field only replacement can change. */
export class CodeArtsAdoptionRefusedError extends CodeArtsError {
  constructor(message: string) {
    super(message, "    at adoption of an existing repository");
  }
}

export function isNoPermission(error: unknown): boolean {
  return error instanceof CodeArtsApiError && error.isNoPermission;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof CodeArtsApiError && error.isNotFound;
}

/** The three key pairs the official SDK core's DefaultExceptionHandler looks for, in its order. */
const ERROR_KEY_PAIRS = [
  ["error_code", "error_msg"],
  ["errorCode", "errorMsg"],
  ["code", "message"],
] as const;

/** How much of a body that is not a JSON error object an error message quotes. */
const QUOTED_BODY_CHARS = 200;

/**
 * The service's error code and message in an error response body, found the way the official
 * SDK core (huaweicloudsdkcore 3.1.219, `exceptions/exception_handler.py`) finds them, so that
 * every route keeps its code whatever style its body takes: in a JSON object, the first of
 * `error_code`/`error_msg`, `errorCode`/`errorMsg`, `code`/`message` present as a pair; else the
 * same search in each nested object (`{"error": {"code", "message"}}` of the v1/v2 envelope, a
 * gateway's wrapper), where a later match wins as in the SDK. The envelope's `status` plays no
 * part. A body with no code keeps `code` undefined (the SDK puts the HTTP status there; our
 * message states it already) and is quoted as the message: shortened, and an HTML page from a
 * gateway reduced to its text.
 */
export function serviceErrorOf(text: string): { code?: string; message?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const found = isObject(body) ? errorFields(body) : {};
  return {
    code: found.code,
    message: found.message || quoted(text),
  };
}

function errorFields(body: Record<string, unknown>): { code?: string; message?: string } {
  for (const [codeKey, messageKey] of ERROR_KEY_PAIRS) {
    if (codeKey in body && messageKey in body) return { code: plain(body[codeKey]), message: plain(body[messageKey]) };
  }
  let found: { code?: string; message?: string } = {};
  for (const value of Object.values(body)) {
    if (!isObject(value)) continue;
    const nested = errorFields(value);
    if (nested.code !== undefined || nested.message !== undefined) found = nested;
  }
  return found;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A code or message as text; the SDK takes whatever JSON value the key holds (a code may be a number). */
function plain(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function quoted(text: string): string | undefined {
  const readable = (/^\s*</.test(text) ? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ") : text)
    .replace(/\s+/g, " ")
    .trim();
  if (readable === "") return undefined;
  return readable.length > QUOTED_BODY_CHARS ? `${readable.slice(0, QUOTED_BODY_CHARS)}…` : readable;
}
