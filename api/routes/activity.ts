/** Commits, push events and the statistics task (see wire/activity.ts for sources). */
import { z } from "zod";
import { route } from "../route-spec";
import * as wire from "../../wire/activity";

export const activityRoutes = {
  /**
   * v4 digest §8.1: 204, no body. A run is not an object, and while one is in progress no second one
   * starts, so a retried trigger cannot pile up runs.
   */
  triggerRepositoryStatistics: route({
    method: "POST",
    path: "/v4/repositories/{repository_id}/repository/statistics",
    service: "repo",
    style: "bare",
    status: 204,
    body: wire.StatisticsParams,
    result: z.undefined(),
    idempotent: true,
  }),
  /** v4 digest §8.2. */
  showRepositoryStatisticsStatus: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/repository/statistics-status",
    service: "repo",
    style: "bare",
    status: 200,
    result: wire.StatisticsStatus,
    idempotent: true,
  }),
  /** v4 digest §8.3. */
  showRepositoryLastStatistics: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/repository/stats/last-statistics",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.LastStatisticsQuery,
    result: wire.LastStatistics,
    idempotent: true,
  }),
  /** v4 digest §8.4: a raw array, the total in X-Total. */
  listRepositoryEvents: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/events",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.EventListQuery,
    result: z.array(wire.PushEvent),
    idempotent: true,
    paging: { by: "offset", total: "header", pageSize: wire.EVENTS_LIMIT.max },
  }),
} as const;
