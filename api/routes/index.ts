/**
 * Every API call the provider makes, as data: method, path template, body style, and the wire
 * schemas of its query, body and result. The client turns a route into a request; the emulator
 * registers one handler per route. A path lives here and nowhere else.
 */
import { z } from "zod";
import { route } from "../route-spec";
import * as wire from "../../wire";
import { memberRoutes } from "./members";
import { webhookRoutes } from "./webhooks";
import { protectionRoutes } from "./protections";
import { branchRoutes } from "./branch";
import { keysRoutes } from "./keys";
import { activityRoutes } from "./activity";
import { labelRoutes } from "./labels";
import { approvalRuleRoutes } from "./approval-rules";
import { tagRoutes } from "./tags";
import { settingsRoutes } from "./settings";
import { repositoryFileRoutes } from "./repository-files";
import { filePushPermissionRoutes } from "./file-push-permissions";
import { trustedIpAddressRoutes } from "./trusted-ip-addresses";

export { BodyStyle, HttpMethod, Paging, RouteSpec, Service, route } from "../route-spec";
import type { PagingQueryField, RouteSpec } from "../route-spec";

/** A v2 repository list (§4.3.1, §4.3.4): `{repositories, total}`, paged by page_index/page_size. */
export function repositoryList<const P extends string>(path: P) {
  return route({
    method: "GET",
    path,
    service: "repo",
    style: "envelope",
    status: 200,
    query: wire.RepositoryListQuery,
    result: wire.RepoListInfoV2,
    idempotent: true,
    coalesce: true,
    paging: { by: "page", items: "repositories", total: "body", pageSize: 100 },
  });
}

/** The repository calls and sign-in; the other areas' calls are in their own files. */
const repositoryRoutes = {
  iamCreateToken: route({
    method: "POST",
    path: "/v3/auth/tokens",
    service: "iam",
    style: "bare",
    status: 201,
    body: wire.IamTokenRequest,
    result: wire.IamTokenResponse,
    idempotent: true,
  }),
  createRepository: route({
    method: "POST",
    path: "/v1/repositories",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.CreateRepositoryBody,
    result: wire.CreateRepositoryResult,
    idempotent: false,
  }),
  showRepositoryStatus: route({
    method: "GET",
    path: "/v1/repositories/{repository_uuid}/status",
    service: "repo",
    style: "envelope",
    status: 200,
    result: z.number().int(),
    idempotent: true,
  }),
  showRepository: route({
    method: "GET",
    path: "/v2/repositories/{repository_uuid}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: wire.RepoInfoV2,
    idempotent: true,
  }),
  showRepositoryV4: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}",
    service: "repo",
    style: "bare",
    status: 200,
    result: wire.RepositoryV4,
    idempotent: true,
    // Its counts tell drift which lists hold nothing (label_count 0: no label list to read).
    capture: (repository: wire.RepositoryV4) => ({ id: repository.id, label_count: repository.label_count }),
  }),
  deleteRepository: route({
    method: "DELETE",
    path: "/v1/repositories/{repository_uuid}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: wire.LooseBoolean,
    idempotent: true,
  }),
  /**
   * LockRepository (V4): the repository stays with its code and history, read-only. `project_id`
   * is the CodeArts project's 32-character id. Repository `onDestroy: "lock"` calls it.
   */
  lockRepository: route({
    method: "POST",
    path: "/v4/{project_id}/repositories/{repository_id}/lock",
    service: "repo",
    style: "bare",
    status: 200,
    result: wire.RepositoryLockAnswer,
    // Locking a locked repository leaves it locked.
    idempotent: true,
  }),
  /** §4.3.4 */
  listProjectRepositories: repositoryList("/v2/projects/{project_uuid}/repositories"),
  validateRepositoryName: route({
    method: "GET",
    path: "/v1/projects/{project_uuid}/repositories/validation/{repository_name}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: z.boolean(),
    idempotent: true,
  }),
} as const;

// Typed by name, so the shipped declarations refer to each area's table instead of spelling out
// every route again (about 100 kB of .d.ts).
export const routes: typeof repositoryRoutes &
  typeof memberRoutes &
  typeof webhookRoutes &
  typeof protectionRoutes &
  typeof branchRoutes &
  typeof keysRoutes &
  typeof activityRoutes &
  typeof labelRoutes &
  typeof approvalRuleRoutes &
  typeof tagRoutes &
  typeof settingsRoutes &
  typeof repositoryFileRoutes &
  typeof filePushPermissionRoutes &
  typeof trustedIpAddressRoutes = {
  ...repositoryRoutes,
  ...memberRoutes,
  ...webhookRoutes,
  ...protectionRoutes,
  ...branchRoutes,
  ...keysRoutes,
  ...activityRoutes,
  ...labelRoutes,
  ...approvalRuleRoutes,
  ...tagRoutes,
  ...settingsRoutes,
  ...repositoryFileRoutes,
  ...filePushPermissionRoutes,
  ...trustedIpAddressRoutes,
};

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/**
 * A route table: the provider's (`routes`), or a wider one that adds routes only tests and the
 * emulator use (emulator/routes.ts). Every type below takes the table as its last parameter,
 * the provider's by default.
 */
export type RouteTable = Record<string, RouteSpec>;

/** `{repository_uuid}` style names in a path template. */
type PathParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | PathParamNames<Rest>
  : never;
export type PathParams<K extends keyof T, T extends RouteTable = Routes> = { [N in PathParamNames<T[K]["path"]>]: string | number };

type SchemaInput<S> = S extends z.ZodType ? z.input<S> : never;
type SchemaOutput<S> = S extends z.ZodType ? z.output<S> : never;
export type RouteQuery<K extends keyof T, T extends RouteTable = Routes> = T[K] extends { query: infer Q } ? SchemaInput<Q> : never;
export type RouteBody<K extends keyof T, T extends RouteTable = Routes> = T[K] extends { body: infer B } ? SchemaInput<B> : never;
export type RouteResult<K extends keyof T, T extends RouteTable = Routes> = SchemaOutput<T[K]["result"]>;
/** The list routes that declare how they page (see `Paging`). */
export type PagedRouteName<T extends RouteTable = Routes> = { [K in keyof T]: T[K] extends { paging: object } ? K : never }[keyof T];
/** One item of a paged list: an element of the result, or of its `paging.items` field. */
export type RouteItem<K extends keyof T, T extends RouteTable = Routes> = ItemsOf<
  RouteResult<K, T>,
  T[K] extends { paging: { items: infer F } } ? F : undefined
>;
type ItemsOf<R, F> = F extends keyof R ? ElementOf<R[F]> : ElementOf<R>;
type ElementOf<A> = A extends readonly (infer E)[] ? E : never;
/** A paged route's query without the fields the paginator fills in. */
export type PageQuery<K extends keyof T, T extends RouteTable = Routes> = Omit<RouteQuery<K, T>, PagingQueryField>;
/** What an emulator handler may answer for a route (the schema's input side). */
export type RouteResultInput<K extends keyof T, T extends RouteTable = Routes> = SchemaInput<T[K]["result"]>;

/** Fills a path template; every value is percent-encoded as one path segment. */
export function fillPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === "") throw new Error(`path parameter ${name} is missing for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** Compiles a path template to a matcher returning decoded parameters, for the emulator's router. */
export function matchPath(template: string): (path: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const regex = new RegExp(`^${pattern}$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
    return params;
  };
}

/**
 * "METHOD /path" of a route, for an error's "where": the path filled where the caller knows the
 * parameters, the template where it does not. Errors name the call from the route table, so a
 * path is never typed a second time.
 */
export function describeCall(name: RouteName, params?: Record<string, string | number | undefined>): string {
  const { method, path } = routes[name];
  const known = params && Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== "")) as Record<string, string | number>;
  try {
    return `${method} ${known ? fillPath(path, known) : path}`;
  } catch {
    return `${method} ${path}`;
  }
}
