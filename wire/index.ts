/**
 * Wire schemas: the JSON the CodeArts Repo and IAM APIs send and receive, written once and used
 * by both the API client (to validate what it reads) and the emulator (to validate what it is
 * sent and to type what it answers). Field names are the service's, not ours.
 *
 * Sources: the v1/v2 API reference (cited as §4.x.y) and the digest of the V4 calls of the official
 * SDK (cited as "v4 digest §N").
 * The service returns many documented fields as null (see §4.2.22's example), so every response
 * field the client does not depend on is nullable and optional.
 */
import { z } from "zod";

/** Names are letters, digits, '-' and '_', starting with a letter (§4.2.9); 2–128 long (§4.9.2). */
export const REPOSITORY_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const REPOSITORY_NAME_MIN = 2;
export const REPOSITORY_NAME_MAX = 128;
/** Project ids and repository uuids are 32 hex characters (§4.2.9, §4.2.19). */
export const UUID32_PATTERN = /^[0-9a-fA-F]{32}$/;

export const VisibilityLevel = { private: 0, public: 20 } as const;
/** `status` of RepoInfoV2 and the creation-status call (§4.2.22). */
export const RepositoryStatus = { ok: 0, creating: 1, failed: 2, frozen: 3, closed: 4 } as const;

export const optionalNullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** A query string carries "true"/"false"; a client passes a boolean, which it sends as that text. */
export const QueryBoolean = z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean());

// ---------------------------------------------------------------------------------------------
// Envelopes and error bodies
// ---------------------------------------------------------------------------------------------

/** v1/v2 error body (§6.2): `{"error": {code, message}, "status": "failed"}`; errors.ts reads every shape the SDK core reads. */
export const EnvelopeError = z.object({ code: z.string(), message: z.string() });

/** v1/v2 success body: `{"result": …, "status": "success"}`. */
export function envelope<T extends z.ZodType>(result: T) {
  return z.object({ result, status: z.literal("success"), error: optionalNullable(EnvelopeError) });
}

/** Service error codes the provider and emulator both use (§6.2, v4 digest §9). */
export const ErrorCodes = {
  invalidParam: "CH.010001",
  noPermission: "CH.080401",
  forbidden: "CH.080403",
  notFound: "CH.000404",
  unknown: "CH.000001",
  gatewayTimeout: "CH.080504",
  /** V4 404 for a repository (v4 digest §8.2, §8.4). */
  repositoryMissing: "CH.00402000",
  /** Gateway 401s, answered in the bare shape before any service runs (v4 digest §8). */
  authNotFound: "CH.00000001",
  authExpired: "DEV.00000003",
  /** API gateway: AK/SK signature refused (unknown key, bad signature, stale X-Sdk-Date). */
  signatureRefused: "APIGW.0301",
  /** IAM: wrong user name or password. Not in our sources; the emulator's choice. */
  iamBadCredentials: "IAM.0004",
} as const;

export const ErrorMessages = {
  authNotFound: "User authentication info not found.",
  authExpired: "Authentication information expired.",
  repositoryMissing: "The repository does not exist. Check and try again.",
} as const;

/** Delete results are typed boolean but the service shows the string "false" (§4.2.18). */
export const LooseBoolean = z.union([z.boolean(), z.enum(["true", "false"]), z.literal("")]);

/**
 * A V4 delete's answer: 204, documented either without a body (SDK DeleteSshKeyResponse is empty)
 * or with `{"status": "success"}` (the DeleteBranch page's example). Either is a success.
 */
export const V4DeleteAnswer = z.union([z.undefined(), z.object({ status: z.string().nullable().optional() })]);

// ---------------------------------------------------------------------------------------------
// IAM: POST /v3/auth/tokens (password method, project scope)
// ---------------------------------------------------------------------------------------------

export const IamTokenRequest = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.literal("password")).min(1),
      password: z.object({
        user: z.object({
          name: z.string().min(1),
          password: z.string().min(1),
          domain: z.object({ name: z.string().min(1) }),
        }),
      }),
    }),
    scope: z.object({
      project: z.union([z.object({ id: z.string().min(1) }), z.object({ name: z.string().min(1) })]),
    }),
  }),
});
export type IamTokenRequest = z.infer<typeof IamTokenRequest>;

export const IamTokenResponse = z.object({
  token: z.object({
    expires_at: z.string(),
    issued_at: optionalNullable(z.string()),
    methods: optionalNullable(z.array(z.string())),
    project: optionalNullable(z.object({ id: z.string(), name: z.string() })),
    user: optionalNullable(
      z.object({ id: z.string(), name: z.string(), domain: z.object({ id: z.string(), name: z.string() }) }),
    ),
  }),
});
export type IamTokenResponse = z.infer<typeof IamTokenResponse>;

// ---------------------------------------------------------------------------------------------
// Repositories
// ---------------------------------------------------------------------------------------------

/** POST /v1/repositories body (§4.2.9). */
export const CreateRepositoryBody = z.object({
  name: z.string().min(REPOSITORY_NAME_MIN).max(REPOSITORY_NAME_MAX).regex(REPOSITORY_NAME_PATTERN),
  project_uuid: z.string().regex(UUID32_PATTERN),
  import_members: z.union([z.literal(0), z.literal(1)]).optional(),
  visibility_level: z.union([z.literal(0), z.literal(20)]).optional(),
  template_id: z.string().optional(),
  /** base64 of the template repository's HTTPS URL */
  import_url: z.string().optional(),
  description: z.string().optional(),
  gitignore_id: z.string().optional(),
  license_id: z.number().int().optional(),
  enable_readme: z.union([z.literal(0), z.literal(1)]).optional(),
  caller: z.string().optional(),
});
export type CreateRepositoryBody = z.infer<typeof CreateRepositoryBody>;

export const CreateRepositoryResult = z.object({ repository_uuid: z.string().regex(UUID32_PATTERN) });

/** RepoInfoV2 (§4.2.22, §4.3.1, §4.3.4). */
export const RepoInfoV2 = z.object({
  repository_uuid: z.string(),
  repository_id: z.number().int(),
  repository_name: z.string(),
  ssh_url: optionalNullable(z.string()),
  https_url: optionalNullable(z.string()),
  group_name: optionalNullable(z.string()),
  web_url: optionalNullable(z.string()),
  visibility_level: optionalNullable(z.number().int()),
  created_at: optionalNullable(z.string()),
  updated_at: optionalNullable(z.string()),
  repository_size: optionalNullable(z.string()),
  lfs_size: optionalNullable(z.string()),
  creator_name: optionalNullable(z.string()),
  domain_name: optionalNullable(z.string()),
  star: optionalNullable(z.boolean()),
  status: optionalNullable(z.number().int()),
  is_owner: optionalNullable(z.number().int()),
  iam_user_uuid: optionalNullable(z.string()),
  project_uuid: optionalNullable(z.string()),
  project_is_deleted: optionalNullable(z.string()),
  userRole: optionalNullable(z.number().int()),
});
export type RepoInfoV2 = z.infer<typeof RepoInfoV2>;

export const RepoListInfoV2 = z.object({ total: z.number().int(), repositories: z.array(RepoInfoV2) });
export type RepoListInfoV2 = z.infer<typeof RepoListInfoV2>;

/** Query of the paged repository lists (§4.3.1, §4.3.4). */
export const RepositoryListQuery = z.object({
  page_index: z.coerce.number().int().min(1).optional(),
  page_size: z.coerce.number().int().min(1).max(100).optional(),
  search: z.string().optional(),
});
export type RepositoryListQuery = z.infer<typeof RepositoryListQuery>;

/**
 * GET /v4/repositories/{repository_id} (v4 digest §1.4): the only read that returns the
 * description and default branch. Only the fields the provider uses are listed.
 */
export const RepositoryV4 = z.object({
  id: z.number().int(),
  uuid: optionalNullable(z.string()),
  name: z.string(),
  path: optionalNullable(z.string()),
  path_with_namespace: optionalNullable(z.string()),
  description: optionalNullable(z.string()),
  default_branch: optionalNullable(z.string()),
  visibility: optionalNullable(z.string()),
  archived: optionalNullable(z.boolean()),
  empty_repo: optionalNullable(z.boolean()),
  created_at: optionalNullable(z.string()),
  updated_at: optionalNullable(z.string()),
  ssh_url_to_repo: optionalNullable(z.string()),
  http_url_to_repo: optionalNullable(z.string()),
  project_id: optionalNullable(z.string()),
  branch_count: optionalNullable(z.number().int()),
  tag_count: optionalNullable(z.number().int()),
  member_count: optionalNullable(z.number().int()),
  /**
   * How many labels the repository has (ShowRepositoryResponse.label_count). The SDK does not say
   * whether expired labels count; drift reads only "0" from it (gitops/unmanaged.ts).
   */
  label_count: optionalNullable(z.number().int()),
});
export type RepositoryV4 = z.infer<typeof RepositoryV4>;

/**
 * The answer to LockRepository (POST /v4/{project_id}/repositories/{repository_id}/lock): the SDK
 * models `locked` as a string, "true" locked, "false" not. A boolean is read the same way.
 */
export const RepositoryLockAnswer = z.object({ locked: LooseBoolean });
export type RepositoryLockAnswer = z.infer<typeof RepositoryLockAnswer>;

/** ListTenantRepositories' query (GET /v4/tenant/repositories): the filters the emulator honours. */
export const TenantRepositoryListQuery = z.object({
  repository_name: z.string().optional(),
  locked: QueryBoolean.optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
/** TenantRepositoryDto: the one V4 read that says whether a repository is locked. */
export const TenantRepository = z.object({
  repository_id: z.number().int(),
  repository_name: optionalNullable(z.string()),
  project_id: optionalNullable(z.string()),
  project_name: optionalNullable(z.string()),
  owner: optionalNullable(z.string()),
  status: optionalNullable(z.number().int()),
  locked: optionalNullable(z.boolean()),
  member_number: optionalNullable(z.number().int()),
  capacity: optionalNullable(z.number()),
  create_time: optionalNullable(z.string()),
  moderation_result: optionalNullable(z.boolean()),
});
export type TenantRepository = z.infer<typeof TenantRepository>;
