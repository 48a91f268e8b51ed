/**
 * Where the route table knowingly differs from the official SDK (tests/data/official-sdk-catalog.json).
 * Each entry says why. The conformance tests fail on any difference not listed here, and on any
 * entry that no longer applies (so the lists shrink as the table is fixed, and never go stale).
 */
import type { EmulatorRouteName as RouteName } from "../../emulator/routes";

/** Routes the SDK does not have at all, for a reason that will not go away. */
export const NOT_IN_SDK: Partial<Record<RouteName, string>> = {
  iamCreateToken:
    "IAM's token call (POST /v3/auth/tokens) belongs to the IAM service, not CodeArts Repo: the CodeArts Repo SDK gets its " +
    "credentials from huaweicloudsdkcore, so no CodeArts Repo operation models it.",
};

/**
 * Deprecated calls the table still uses, each with the call that replaces it. Empty since the
 * protections and SSH keys moved to their V4 calls; a deprecation found later goes here until fixed. A route listed here that is absent from
 * the catalog is tolerated; one that is present is still checked field by field like any other.
 */
export const KNOWN_DEPRECATED_BEING_REPLACED: Partial<Record<RouteName, string>> = {};

/**
 * Field-level findings (exact strings the checks produce, prefixed by the route name) that are
 * known and explained. Anything else the checks find fails the tests.
 */
export const KNOWN_FIELD_FINDINGS: Record<string, string> = {
  "listBranches: query page: our number, official type str":
    "§4.2.30 and the SDK type the page number as a string; a query string is text on the wire, and the digits we send are the same text.",
  "listBranches: query per_page: our number, official type str":
    "As `page`: the SDK's str and our number put the same digits in the URL.",
};

/**
 * Emulator answers (exact findings of the answer check, prefixed by the route name) that knowingly
 * differ from the official response model.
 */
export const KNOWN_ANSWER_FINDINGS: Record<string, string> = {
  'deleteDeployKey (v3.delete_deploy_key_v2): (body).result: got "false", official type bool':
    "§4.2.15 types `result` as Boolean but its example answers the string \"false\" on success; the emulator answers " +
    "like the example so that the provider's tolerance of it (LooseBoolean) stays tested.",
};
