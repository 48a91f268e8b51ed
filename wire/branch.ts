/**
 * Wire schemas of one branch through the V4 calls (create, show, delete), shared by the client and
 * the emulator. Sources: the official SDK's CreateBranchDto, CreateBranchResponse,
 * ShowBranchRequest/Response, DeleteBranchRequest/Response and CommitDto, and the DeleteBranch
 * page (v4 digest "More than the seven"; 204, example body `{"status": "success"}`).
 *
 * Kept apart from wire/branches.ts (ref names and the v2 branch calls) so both can change independently.
 */
import { z } from "zod";
import { AddProtectResponse, isValidRefName } from "./branches";

const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/**
 * What CreateBranchDto documents for both `branch` and `ref`, on top of git's own rules: 1–200
 * characters, no leading "-" or "." or "refs/heads/" / "refs/remotes/", none of
 * space [ \ < ~ ^ : ? * ! ( ) ' " |, no trailing "/" or ".lock".
 */
const DOCUMENTED_FORBIDDEN = /[<!()'"|]|^refs\/(heads|remotes)\//;

export function isCreatableRefName(name: string): boolean {
  return name.length <= 200 && isValidRefName(name) && !DOCUMENTED_FORBIDDEN.test(name);
}

/** POST /v4/repositories/{repository_id}/repository/branches body (CreateBranchDto). */
export const CreateBranchV4Body = z.object({
  branch: z.string().min(1).max(200),
  ref: z.string().min(1).max(200),
  description: z.string().min(1).max(2000).optional(),
});
export type CreateBranchV4Body = z.infer<typeof CreateBranchV4Body>;

/**
 * The fields CreateBranchResponse and ShowBranchResponse share (the official models differ beyond
 * them: only the create answer has can_delete, only the show answer developers_can_push/merge).
 * Their CommitDto carries the same names and types as the v2 CommitRepoV2 (plus more), so that
 * schema serves here too.
 */
export const BranchV4 = AddProtectResponse.pick({ name: true, commit: true, protected: true }).extend({
  default: optionalNullable(z.boolean()),
  merged: optionalNullable(z.boolean()),
  can_push: optionalNullable(z.boolean()),
});
export type BranchV4 = z.infer<typeof BranchV4>;

/** `?branch_name=` of ShowBranch and DeleteBranch: 1–2000 characters. */
export const BranchNameQuery = z.object({ branch_name: z.string().min(1).max(2000) });
