/**
 * ProtectedTag: who may create tags matching a name or a pattern such as "v*".
 *
 * | operation | API |
 * |---|---|
 * | roles  | GET /v4/repository/{id}/permissions/repository (once per repository per run; see protection-roles.ts) |
 * | create | GET /v4/repositories/{id}/protected-tag?tag_name= (404 → not protected yet), then POST /v4/repositories/{id}/protected-tags `{names: [tag], actions: [create]}` |
 * | adopt  | the same look; existing protection is adopted, and PUT …/protected-tag?tag_name= if its level differs |
 * | read   | GET /v4/repositories/{id}/protected-tags (coalesced list, 100 a page; absent or 404 → gone) |
 * | update | PUT /v4/repositories/{id}/protected-tag?tag_name= with the `create` action; the answer must show the new level |
 * | delete | DELETE /v4/repositories/{id}/protected-tag?tag_name= (204; 404 → already gone) |
 *
 * The level is written as a role whitelist with role ids learned from the service (never
 * guessed), as for ProtectedBranch: noOne → no role; maintainers → Project manager +
 * Administrator; developers → those two + Committer + Developer. A whitelist none of these
 * describes reads back as `custom (…)`.
 *
 * Blind spots:
 * - The V4 create documents that each name "must match at least one tag": a pattern no tag
 *   matches yet is refused by the service (the message says so). The emulator keeps no tags and
 *   does not check this.
 */
import { z } from "zod";
import type { ResourceDescriptor } from "./resource";
import { AccessLevelInput, ProtectionKind, accessInProgramWords, importedRules, protectionResource, unmanagedRules } from "./protections";
import type { ChildImport } from "./importing";
import type { AccessLevelName, AccessReading } from "./protection-roles";
import { RepositoryIdentity } from "./validation";
import type { DiffFields } from "./lifecycle";
import { isValidRefName } from "../wire/branches";

// A named shape: the declarations the package ships keep its doc comments, which the inferred
// type of z.object({...}) drops (and with them the docs a program author sees on ProtectedTagArgs).
const ProtectedTagShape = {
  ...RepositoryIdentity,
  /**
   * A tag name or a pattern such as "v*". The service documents that it must match at least one
   * existing tag when created. Changing it replaces the protection.
   */
  tag: z.string().refine((name) => isValidRefName(name, { wildcards: true }), {
    message: "must be a tag name or a pattern such as \"v*\": no spaces, '..', or any of ~ ^ : ? [ \\",
  }),
  /** Who may create matching tags: "noOne", "developers" (and maintainers) or "maintainers" (default). Updated in place. */
  createAccess: AccessLevelInput.default("maintainers"),
  /** If these tags are already protected, manage that protection (and apply this level) instead of failing. */
  adoptExisting: z.boolean().default(false),
};
export const ProtectedTagInputs: z.ZodObject<typeof ProtectedTagShape> = z.object(ProtectedTagShape);
export type ProtectedTagInputs = z.output<typeof ProtectedTagInputs>;
/** The protection as the provider reads it back. */
export type ProtectedTagOutputs = Omit<ProtectedTagInputs, "createAccess"> & {
  /** Who may create matching tags, as the service reports it: a level, or `custom (…)` for a whitelist no level describes. */
  createAccess: AccessReading;
};

/** A tag rule as `codeartsrepo import` declares it. */
export interface ImportedTagProtection {
  tag: string;
  createAccess: AccessLevelName;
}

const FIELDS: DiffFields<ProtectedTagInputs> = {
  replace: ["repositoryId", "repositoryUuid", "tag"],
  update: ["createAccess", "adoptExisting"],
  // A rule is unique by repository and name: a replacement keeping both deletes the old rule first.
  naturalKey: ["repositoryId", "tag"],
};

const TAGS: ProtectionKind<ProtectedTagInputs> = {
  noun: "tags",
  nameOf: (inputs) => inputs.tag,
  nameField: "tag",
  actions: [{ field: "createAccess", action: "create" }],
  list: "listProtectedTags",
  show: "showProtectedTag",
  create: "createProtectedTags",
  update: "updateProtectedTag",
  remove: "deleteProtectedTag",
  query: (name) => ({ tag_name: name }),
  createNeeds: "V4 protects only names and patterns that match at least one existing tag; push a matching tag first",
};

type Importer = ChildImport<"protectedTags", ImportedTagProtection>;

export const protectedTag: ResourceDescriptor<"protected-tag", ProtectedTagInputs, ProtectedTagOutputs, Importer> = protectionResource<
  "protected-tag",
  typeof ProtectedTagInputs,
  ProtectedTagOutputs,
  Importer
>(TAGS, {
  kind: "protected-tag",
  type: "ProtectedTag",
  inputs: ProtectedTagInputs,
  fields: FIELDS,
  report: { label: "protected tag", key: ["tag"], unmanaged: unmanagedRules(TAGS), liveInProgramWords: accessInProgramWords },
  importer: importedRules(TAGS, ProtectedTagInputs, { field: "protectedTags", order: 20, count: ["tag rule", "tag rules"], key: "tag" }),
});

export const provider = protectedTag.provider;
