/** Repository member calls (v4 digest §5.2; §4.4.1–§4.4.4; v4 digest §5.3–§5.6). */
import { z } from "zod";
import { route } from "../route-spec";
import * as wire from "../../wire/members";

/**
 * What adding a member or changing a role changes: the member lists. A removal declares nothing:
 * a protection rule that whitelisted the user may change with it.
 */
const MEMBER_LISTS = ["listMembersV4", "listRepositoryMembers"] as const;

export const memberRoutes = {
  /** The SDK's ListMembers: a raw array, the total in the X-Total header. */
  listMembersV4: route({
    method: "GET",
    path: "/v4/repositories/{repository_id}/members",
    service: "repo",
    style: "bare",
    status: 200,
    query: wire.MemberListV4Query,
    result: z.array(wire.RepositoryMemberV4),
    idempotent: true,
    coalesce: true,
    paging: { by: "offset", total: "header", pageSize: 100 },
  }),
  listRepositoryMembers: route({
    method: "GET",
    path: "/v1/repositories/{repository_uuid}/members",
    service: "repo",
    style: "envelope",
    status: 200,
    query: wire.MemberListQuery,
    result: wire.RepositoryMemberList,
    idempotent: true,
    coalesce: true,
    paging: { by: "page", items: "users", total: "body", pageSize: 100 },
  }),
  addRepositoryMembers: route({
    method: "POST",
    path: "/v1/repositories/{repository_uuid}/members",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.AddMembersBody,
    result: wire.AddMembersResult,
    // A retry after an add that reached the service fails with "already a member".
    idempotent: false,
    changes: MEMBER_LISTS,
  }),
  setRepositoryMemberRole: route({
    method: "PUT",
    path: "/v1/repositories/{repository_uuid}/members/{member_id}",
    service: "repo",
    style: "envelope",
    status: 200,
    body: wire.SetMemberRoleBody,
    result: wire.EmptyResult,
    idempotent: true,
    changes: MEMBER_LISTS,
  }),
  deleteRepositoryMember: route({
    method: "DELETE",
    path: "/v1/repositories/{repository_uuid}/members/{member_id}",
    service: "repo",
    style: "envelope",
    status: 200,
    result: wire.EmptyResult,
    idempotent: true,
  }),
} as const;
