/**
 * Wire schemas for branches, shared by the client and the emulator. Sources: §4.2.12, §4.2.30,
 * §4.10.1. Protected branches and tags are in wire/protections.ts.
 */
import { z } from "zod";

const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** "2022-03-08T03:14:39.000Z"-style commit of the v2 branch answers (CommitRepoV2, §4.2.25). */
export const CommitRepoV2 = z.object({
  id: z.string(),
  short_id: optionalNullable(z.string()),
  created_at: optionalNullable(z.string()),
  title: optionalNullable(z.string()),
  parent_ids: optionalNullable(z.array(z.string())),
  message: optionalNullable(z.string()),
  author_name: optionalNullable(z.string()),
  committer_name: optionalNullable(z.string()),
  committed_date: optionalNullable(z.string()),
});

/** AddProtectResponse (§4.2.25, also the result of the create-branch call §4.10.1). */
export const AddProtectResponse = z.object({
  name: z.string(),
  commit: optionalNullable(CommitRepoV2),
  protected: optionalNullable(z.boolean()),
  developers_can_push: optionalNullable(z.boolean()),
  developers_can_merge: optionalNullable(z.boolean()),
  master_can_push: optionalNullable(z.boolean()),
  master_can_merge: optionalNullable(z.boolean()),
  no_one_can_push: optionalNullable(z.boolean()),
  no_one_can_merge: optionalNullable(z.boolean()),
  in_an_opened_merge_request: optionalNullable(z.boolean()),
});
export type AddProtectResponse = z.infer<typeof AddProtectResponse>;

// ---------------------------------------------------------------------------------------------
// Branches
// ---------------------------------------------------------------------------------------------

/**
 * What git refuses in a ref name (git-check-ref-format), the parts a typo trips over: spaces and
 * control characters, ~ ^ : ? * [ \, "..", "@{", "//", a leading "/", "-" or ".", a trailing
 * "/" or ".", and a ".lock" suffix. Protected-tag patterns may also use "*".
 */
const REF_NAME_FORBIDDEN = /[\x00-\x20\x7f~^:?[\\]|\.\.|@\{|\/\/|^[/.-]|[/.]$|\.lock$/;

export function isValidRefName(name: string, options: { wildcards: boolean } = { wildcards: false }): boolean {
  return name.length > 0 && !REF_NAME_FORBIDDEN.test(name) && (options.wildcards || !name.includes("*"));
}

/** POST /v2/repositories/{repository_id}/branches (§4.10.1); `ref` is the source branch. */
export const CreateBranchBody = z.object({ branch_name: z.string().min(1), ref: z.string().min(1) });

/** GET /v2/repositories/{repository_id}/branches query (§4.2.30): strings in the doc. */
export const BranchListV2Query = z.object({
  page: z.coerce.number().int().min(1).optional(),
  per_page: z.coerce.number().int().min(1).max(100).optional(),
  match: z.string().optional(),
});

export const BranchListV2 = z.object({
  total: z.number(),
  branches: z.array(
    z.object({
      name: z.string(),
      commit: optionalNullable(
        z.object({
          id: z.string(),
          short_id: optionalNullable(z.string()),
          title: optionalNullable(z.string()),
          message: optionalNullable(z.string()),
          committed_date: optionalNullable(z.string()),
          committer_name: optionalNullable(z.string()),
        }),
      ),
      diverging_commit_counts: optionalNullable(z.object({ ahead: z.number(), behind: z.number() })),
    }),
  ),
});

/** GET /v1/repositories/{repository_id}/branches (§4.2.12). */
export const BranchListV1 = z.object({
  total: z.number().int(),
  branches: z.array(z.object({ name: z.string(), is_protected: optionalNullable(z.boolean()) })),
});
