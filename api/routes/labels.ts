/**
 * Repository label calls, V4 (official SDK create/list/update/delete_repository_label; see
 * wire/labels.ts for the models). Update and delete name the label by its name, not its id.
 */
import { z } from "zod";
import { route } from "../route-spec";
import { V4DeleteAnswer } from "../../wire";
import * as wire from "../../wire/labels";

export const labelRoutes = {
  createLabel: route({
    method: "POST",
    path: "/v4/repositories/{repository_id}/labels",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.CreateLabelBody,
    result: wire.LabelCreated,
    // A blind retry after a lost answer would meet the label it made, not succeed.
    idempotent: false,
  }),
  listLabels: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/labels",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.LabelListQuery,
    // A raw array. The SDK declares no X-Total for this call (unlike the hooks list), so the walk
    // stops at a short page.
    result: z.array(wire.LabelBasic),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "none", pageSize: 100 },
  }),
  updateLabel: route({
    method: "PUT",
    path: "/v4/repositories/{repository_id}/label",
    service: "repo",
    style: "bare",
    status: 200,
    body: wire.UpdateLabelBody,
    result: wire.LabelUpdated,
    // Repeating it changes nothing more. A rename retried after its answer was lost no longer
    // finds the old name (404): a caller that renames reads the new name back on a 404.
    idempotent: true,
  }),
  /** The SDK's answer model is empty and no status is documented; 204 like the other V4 deletes. */
  deleteLabel: route({
    method: "DELETE",
    path: "/v4/repositories/{repository_id}/label",
    service: "repo",
    style: "bare",
    status: 204,
    query: wire.LabelNameQuery,
    result: V4DeleteAnswer,
    idempotent: true,
  }),
} as const;
