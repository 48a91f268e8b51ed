/**
 * The shape of one route in the table (api/routes/index.ts). Its own module so that the per-area
 * route files and the table can both import it without importing each other.
 */
import { z } from "zod";

/**
 * How a route's body is shaped.
 * - envelope: v1/v2, `{"result": …, "status": "success"}`, errors `{"error": {code, message}}`
 * - bare: V4 and IAM, the payload itself, errors `{"error_code", "error_msg"}`
 */
export type BodyStyle = "envelope" | "bare";
export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";
/** Which server answers: the CodeArts Repo endpoint or the IAM endpoint. */
export type Service = "repo" | "iam";

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly service: Service;
  readonly style: BodyStyle;
  /** Success status the service documents. */
  readonly status: number;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The payload: what `result` holds (envelope) or the whole body (bare). */
  readonly result: z.ZodType;
  /** Retrying cannot create a second object or undo another change. */
  readonly idempotent: boolean;
  /**
   * A list read many resources make in one Pulumi run (each member reads its repository's member
   * list): identical concurrent and near-simultaneous calls share one request.
   */
  readonly coalesce?: boolean;
  /**
   * A read whose answer `codeartsrepo drift` reuses from the refresh that made it (the capture
   * file, api/client.ts LIST_CAPTURE_ENV), besides the coalesced lists, which are always captured:
   * the part of the answer to keep (never a field that may hold a secret, such as an import URL).
   */
  readonly capture?: (answer: never) => unknown;
  /** How a list route pages; `CodeArtsClient.paginate` walks any route that declares it. */
  readonly paging?: Paging;
  /**
   * A write's reach: the coalesced list routes whose answers, for the repository the write names,
   * it may change. A write that declares none may change any list of its repository.
   */
  readonly changes?: readonly string[];
}

/**
 * How a list pages, so that one paginator walks every list with one stop rule: the walk ends at
 * the total when the route reports one, else at a short page, and always at an empty page.
 */
export interface Paging {
  /** `page`: v1/v2 `page_index` (from 1) and `page_size`. `offset`: V4 `offset` and `limit`. */
  readonly by: "page" | "offset";
  /** The result field that holds the items; absent when the result is the array itself. */
  readonly items?: string;
  /** Where the list's full length is: the `X-Total` header, the result's `total`, or nowhere. */
  readonly total: "header" | "body" | "none";
  /** The page size asked for: the largest the route documents (100 for every list the provider walks). */
  readonly pageSize: number;
}

/** The query fields a paginator fills in; callers give the others. */
export type PagingQueryField = "page_index" | "page_size" | "offset" | "limit";

export function route<const S extends RouteSpec>(spec: S): S {
  return spec;
}
