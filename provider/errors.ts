/**
 * Typed errors. Each carries what a user needs to act (HTTP status, service error code and message,
 * method and path) and nothing they must not see (headers, tokens, bodies we sent).
 *
 * The Pulumi dynamic-provider host prints `${error}: ${error.stack}` for failed reads and deletes.
 * A JavaScript stack trace tells a user nothing about a failed API call, so these errors replace
 * their stack with the request they describe.
 */

import { ErrorCodes } from "./wire";

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

/** The request never got an HTTP answer (connection refused, reset, timed out). */
export class CodeArtsNetworkError extends CodeArtsError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`CodeArts Repo API ${method} ${path} could not be reached: ${reason}`, `    at ${method} ${path}`);
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
