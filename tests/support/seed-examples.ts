/**
 * The example requests and responses of the four V4 seed pages (../shared/seeds/000–003) and of
 * the create-commit call (seed 004 §4.5.2), as the pages print them. Tests hold the emulator's
 * answers to these field by field. Placeholders in the pages (ids of 0, "status_6a687650fc63")
 * are kept as printed: only field names, JSON types and time formats are compared.
 */

/** Seed 000 (trigger): 204 with no body; 401 and 403 examples. */
export const seed000 = {
  status: 204,
  errors: {
    401: { error_code: "DEV.00000003", error_msg: "Authentication information expired." },
    403: { error_code: "CH.004403", error_msg: "Insufficient permissions. Apply for the required permissions and try again." },
  },
} as const;

/** Seed 001 (statistics status). */
export const seed001 = {
  response: {
    can_statistics: false,
    reason: 0,
    event: {
      id: 0,
      user_id: 0,
      project_id: 0,
      branch: "branch_bb453f4359fc",
      status: "status_6a687650fc63",
      stat_date: "20250604",
      created_at: "2025-06-04T16:14:29+08:00",
      updated_at: "2025-06-04T16:14:29+08:00",
    },
  },
  errors: {
    401: { error_code: "CH.00000001", error_msg: "User authentication info not found." },
    403: { error_code: "CH.00401008", error_msg: "Insufficient permissions. Apply for the required permissions and try again." },
    404: { error_code: "CH.00402000", error_msg: "The repository does not exist. Check and try again." },
  },
} as const;

/** Seed 002 (last statistics), requested as `?branch_name=main`. */
export const seed002 = {
  response: {
    event: {
      id: 0,
      user_id: 0,
      project_id: 0,
      branch: "master",
      status: "finished",
      stat_date: "20250926",
      created_at: "2025-09-26T11:22:01+08:00",
      updated_at: "2025-09-26T11:22:01+08:00",
    },
    total: 2,
    statistics: [
      {
        id: 1,
        project_id: 0,
        branch: "master",
        user_name: "xx",
        add_lines: 1035,
        delete_lines: 77,
        commit_count: 120,
        created_at: "2025-09-26T11:22:02.000+08:00",
        updated_at: "2025-10-22T09:58:36.000+08:00",
      },
      {
        id: 2,
        project_id: 0,
        branch: "master",
        user_name: "aa",
        add_lines: 4,
        delete_lines: 23,
        commit_count: 8,
        created_at: "2025-09-26T11:22:02.000+08:00",
        updated_at: "2025-10-15T14:38:33.000+08:00",
      },
    ],
    codelines: [
      { additions: 742, deletions: 0, date: "20251022" },
      { additions: 4, deletions: 20, date: "20251015" },
    ],
    count: 139,
    all_branch_commits_count: 158,
  },
  errors: {
    401: { error_code: "DEV.00000003", error_msg: "Authentication information expired." },
    403: { error_code: "CH.004403", error_msg: "Insufficient permissions. Apply for the required permissions and try again." },
  },
} as const;

/** Seed 003 (events): one "pushed new" event of a branch created from an existing commit. */
export const seed003 = {
  response: [
    {
      action_name: "pushed new",
      author: {
        id: 9124,
        name: "dev_test",
        username: "c369c68f1ff84679b5a8ed904d8bff1c",
        state: "active",
        avatar_url: "",
        name_cn: "dev_test",
        nick_name: "dev",
        tenant_name: "test_tenant",
      },
      author_id: 9124,
      author_username: "c369c68f1ff84679b5a8ed904d8bff1c",
      created_at: "2024-08-21T06:21:22.000Z",
      repository_id: 2111694664,
      repository_name: "lhtest00002/RepoProtal",
      push_data: {
        commit_count: 0,
        action: "created",
        ref_type: "branch",
        commit_from: null,
        commit_to: "17933c207b320a74dc10af80e0d9d9720a90dd5e",
        ref: "asdsada#fasdasda",
        commit_title: null,
      },
    },
  ],
  errors: {
    401: { error_code: "CH.00000001", error_msg: "User authentication info not found." },
    403: { error_code: "CH.00401008", error_msg: "Insufficient permissions. Apply for the required permissions and try again." },
    404: { error_code: "CH.00402000", error_msg: "The repository does not exist. Check and try again." },
  },
} as const;

/** Seed 004 §4.5.2 (create commit): the example request and the `result` of its answer. */
export const createCommitExample = {
  request: { branch: "master", commit_message: "some commit message", actions: [{ action: "create", file_path: "test001.txt", content: "some content" }] },
  result: {
    id: "85a0a9d5c6e43bc9c3e443ac01f789e24eeef02b",
    title: "some commit message",
    message: "some commit message",
    short_id: "85a0a9d5",
    author_name: "repo",
    author_email: null,
    committer_name: "repo",
    committer_email: null,
    created_at: "2021-09-26T03:44:51.000Z",
    parent_ids: ["5c114bb316dff4d4a046e09a5c44c816f2433140"],
    committed_date: "2021-09-26T03:44:51.000Z",
    authored_date: null,
    stats: { additions: 1, deletions: 0, total: 1 },
  },
} as const;

/**
 * The shape of a JSON value, for comparing an answer with a page's example: field names, JSON
 * types, and for time fields the format (digits masked), so "2025-06-04T16:14:29+08:00" and
 * "2026-11-23T18:01:02+08:00" match but "2026-11-23 18:01:02" does not.
 */
export function shapeOf(value: unknown, key = ""): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0], key)];
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v, k)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  }
  if (typeof value === "string" && /(_at|_date|^date)$/.test(key)) return `string ${value.replace(/\d/g, "9")}`;
  return typeof value;
}
