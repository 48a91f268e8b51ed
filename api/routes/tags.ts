/** Routes of one tag through V4 (see wire/tags.ts for sources). Tag protection is in protections.ts. */
import { route } from "../route-spec";
import { V4DeleteAnswer } from "../../wire";
import * as wire from "../../wire/tags";

export const tagRoutes = {
  /** SDK CreateTag. The status is not documented; 201, as for creations (the client accepts any 2xx). */
  createTag: route({
    method: "POST",
    path: "/v4/repositories/{repository_id}/repository/tags",
    service: "repo",
    style: "bare",
    status: 201,
    body: wire.CreateTagBody,
    result: wire.TagV4,
    // A second create of a tag that exists is refused, so a lost answer needs a look-up.
    idempotent: false,
  }),
  /** SDK ShowTag: one tag with the commit it names. */
  showTag: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/repository/tag",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.TagNameQuery,
    result: wire.TagV4,
    idempotent: true,
  }),
  /** SDK DeleteTag: its answer model is empty and no status is documented; 204 like the other V4 deletes. */
  deleteTag: route({
    method: "DELETE",
    path: "/v4/repositories/{repository_id}/repository/tag",
    service: "repo",
    style: "bare",
    status: 204,
    query: wire.TagNameQuery,
    result: V4DeleteAnswer,
    idempotent: true,
  }),
} as const;
