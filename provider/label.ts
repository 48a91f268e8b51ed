/**
 * Label: a repository label (V4), for merge requests and issues.
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/repositories/{id}/labels (a label of that name: adopt, or refuse saying how), then POST /v4/repositories/{id}/labels |
 * | adopt  | the list above; PUT /v4/repositories/{id}/label only where the program's color, description or expiry differ |
 * | read   | GET /v4/repositories/{id}/labels, coalesced, paged by offset/limit 100 (no X-Total: stops at a short page); matched by label id, else by name; absent or repository 404 → gone |
 * | update | PUT /v4/repositories/{id}/label `{name, new_name, …}`: a rename and every setting in place |
 * | delete | the list above (coalesced: one walk per repository per run), then DELETE /v4/repositories/{id}/label?name= with the name the label holding this id has now; absent or 404 → already gone |
 *
 * The service addresses a label by its name (update, delete), and the SDK does not say a name is
 * unique in a repository, though addressing by name only works if it is: the look before create
 * treats a label of the same name as the one to adopt or refuse, and a rename is an update.
 *
 * Blind spots: `priority` is writable only by the update call and no list answer carries it, so
 * it is not offered (it could never be checked for drift). The format of the `expires_at` the
 * service answers is undocumented; a live value that starts with the program's date counts as the
 * same. Color, description and expiry the program leaves out are the service's to choose, so
 * their live values are not drift.
 */
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { LABEL_COLOR_PATTERN, LabelBasic, UpdateLabelBody } from "../wire/labels";
import { DiffFields, deleteUnlessGone } from "./lifecycle";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import { ChildImport, Skipped, locateInRepository, refusal } from "./importing";
import type { ProviderContext } from "./runtime";
import { RepositoryIdentity } from "./validation";

// A named shape, so that the shipped declarations keep each field's doc comment.
const LabelShape = {
  ...RepositoryIdentity,
  /** The label's name, unique in its repository. Changing it renames the label in place. */
  name: z.string().refine((name) => name.trim() !== "", "must not be empty"),
  /** `#rrggbb` or `#rgb`. Left out: the service picks one, and it is not compared. */
  color: z.string().regex(LABEL_COLOR_PATTERN, "must be a color as #rrggbb or #rgb").optional(),
  /** Left out: whatever the label has is not compared. */
  description: z.string().optional(),
  /** The last day the label is offered, `YYYY-MM-DD`. Left out: the label does not expire (as far as the program says). */
  expiresAt: z.iso.date("must be a date as YYYY-MM-DD").optional(),
  /**
   * If the repository already has a label of this name, manage it instead of failing (its color,
   * description and expiry are then set from the program). Deleting the resource deletes the label.
   */
  adoptExisting: z.boolean().default(false),
};
export const LabelInputs: z.ZodObject<typeof LabelShape> = z.object(LabelShape);
export type LabelInputs = z.output<typeof LabelInputs>;

export interface LabelOutputs extends LabelInputs {
  /** The service's id of the label. */
  labelId: number;
  /** The text color the service derives from the label's color. */
  textColor: string;
}

const FIELDS: DiffFields<LabelInputs> = {
  replace: ["repositoryId", "repositoryUuid"],
  update: ["name", "color", "description", "expiresAt", "adoptExisting"],
  // No natural key in a replacement: one happens only across repositories, where names never collide.
};

function findLabel(client: CodeArtsClient, repositoryId: number, matches: (label: LabelBasic) => boolean): Promise<LabelBasic | undefined> {
  return client.find("listLabels", { params: { repository_id: repositoryId } }, matches);
}

/** The live label in the program's terms: fields the program leaves out stay out. */
function toOutputs(state: LabelInputs, live: LabelBasic, labelId?: number): LabelOutputs {
  const sameDay = state.expiresAt !== undefined && typeof live.expires_at === "string" && live.expires_at.startsWith(state.expiresAt);
  return Object.fromEntries(
    Object.entries({
      ...state,
      name: live.name,
      color: state.color === undefined ? undefined : (live.color ?? ""),
      description: state.description === undefined ? undefined : (live.description ?? ""),
      expiresAt: state.expiresAt === undefined || sameDay ? state.expiresAt : (live.expires_at ?? ""),
      labelId: live.id ?? labelId ?? 0,
      textColor: live.text_color ?? "",
      // The engine carries outputs as a protobuf Struct, which cannot hold undefined.
    }).filter(([, value]) => value !== undefined),
  ) as unknown as LabelOutputs;
}

/** The update body that makes the label `currentName` what the inputs say. */
function updateBody(currentName: string, inputs: LabelInputs): UpdateLabelBody {
  return {
    name: currentName,
    ...(inputs.name !== currentName && { new_name: inputs.name }),
    ...(inputs.color !== undefined && { color: inputs.color }),
    ...(inputs.description !== undefined && { description: inputs.description }),
    ...(inputs.expiresAt !== undefined && { expires_at: inputs.expiresAt }),
  };
}

/** A label as `codeartsrepo import` declares it. */
export interface ImportedLabel {
  /** The service's id, which the stack's resource id holds (absent when the list gives none). */
  labelId?: number;
  name: string;
  color?: string;
  description?: string;
  expiresAt?: string;
}

const unmanaged = unmanagedIn("listLabels", {
  declaredId: (outputs) => String(outputs.name),
  liveId: (listed) => listed.name,
  // Read as "no labels" only when the count is 0, which any reading of the (undocumented)
  // counting rule agrees on; any other count reads the list.
  noneIn: (repository) => (typeof repository.label_count === "number" ? repository.label_count === 0 : undefined),
  describe: (listed) => ({ name: listed.name, properties: { name: listed.name }, fields: { color: listed.color, description: listed.description } }),
});

/**
 * A repository's labels, by name, with the values the service lists (empty ones left to the
 * service, as a program leaving them out does). As for drift, a repository whose V4 answer counts
 * no labels costs no list call.
 */
const importer: ChildImport<"labels", ImportedLabel> = {
  field: "labels",
  order: 60,
  count: ["label", "labels"],
  async read(repository) {
    if (unmanaged.noneIn!(await repository.v4()) === true) return { items: [], skipped: [] };
    const items: ImportedLabel[] = [];
    const skipped: Skipped[] = [];
    for (const listed of [...(await repository.list("listLabels"))].sort((a, b) => a.name.localeCompare(b.name))) {
      // The answer's date format is undocumented; the provider counts a live value starting with
      // the program's day as that day (toOutputs), so the day is what a program declares.
      const day = listed.expires_at ? (/^\d{4}-\d{2}-\d{2}/.exec(listed.expires_at)?.[0] ?? listed.expires_at) : undefined;
      const inputs = {
        name: listed.name,
        ...(listed.color ? { color: listed.color } : {}),
        ...(listed.description ? { description: listed.description } : {}),
        ...(day ? { expiresAt: day } : {}),
      };
      const why = refusal(LabelInputs, { repositoryId: repository.id, repositoryUuid: repository.uuid, ...inputs });
      if (why) skipped.push({ what: `label "${listed.name}"`, why });
      else items.push({ ...(listed.id != null ? { labelId: listed.id } : {}), ...inputs });
    }
    return { items, skipped };
  },
  name: { prefix: "label", base: (item) => item.name },
  declare: (item) => ({ fields: { name: item.name, color: item.color, description: item.description, expiresAt: item.expiresAt } }),
  managedId: (item, repository) => `${repository.id}/${item.labelId ?? 0}`,
  importId: (item, repository) => `${repository.id}/${item.name}`,
};

export const label: ResourceDescriptor<"label", LabelInputs, LabelOutputs, typeof importer> = defineResource({
  kind: "label",
  type: "Label",
  inputs: LabelInputs,
  fields: FIELDS,
  report: {
    label: "label",
    key: ["name"],
    unmanaged,
  },
  importer,
  id: (outputs: LabelOutputs) => `${outputs.repositoryId}/${outputs.labelId}`,

  // Looked up first because a lost answer is recovered by the name: a label someone made before
  // would otherwise be taken for the one created, and a destroy would delete it.
  create: {
    find: ({ client }, inputs) => findLabel(client, inputs.repositoryId, (listed) => listed.name === inputs.name),
    conflict: (inputs, existing: LabelBasic) =>
      `Repository ${inputs.repositoryId} already has a label "${existing.name}". ` +
      "Set adoptExisting: true to manage it with this program (its color, description and expiry are then set from the program), or pick another name.",
    async adopt({ client }, inputs, existing) {
      const asListed = toOutputs(inputs, existing);
      const differs = (["color", "description", "expiresAt"] as const).some((field) => asListed[field] !== inputs[field]);
      if (!differs) return asListed;
      const updated = await client.call("updateLabel", { params: { repository_id: inputs.repositoryId }, body: updateBody(existing.name, inputs) });
      return toOutputs(inputs, updated, existing.id ?? undefined);
    },
    call: ({ client }: ProviderContext, inputs: LabelInputs) =>
      client.call("createLabel", {
        params: { repository_id: inputs.repositoryId },
        body: { name: inputs.name, color: inputs.color, description: inputs.description, expires_at: inputs.expiresAt },
      }),
    recovered: (found) => found,
    created: (inputs, answer) => toOutputs(inputs, answer),
    routes: { find: "listLabels", create: "createLabel", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read({ client }, _id, props) {
    // By id, so a rename in the console shows as a changed name; by name for a label the list gives no id.
    const live = await findLabel(client, props.repositoryId, (listed) => (listed.id != null && props.labelId ? listed.id === props.labelId : listed.name === props.name));
    return live && toOutputs(props, live, props.labelId);
  },

  async update({ client }, _id, olds, news) {
    const body = updateBody(olds.name, news);
    // Only adoptExisting changed: nothing to send.
    if (Object.keys(body).length === 1 && (["color", "description", "expiresAt"] as const).every((field) => olds[field] === news[field])) {
      return { ...olds, adoptExisting: news.adoptExisting };
    }
    return toOutputs(news, await client.call("updateLabel", { params: { repository_id: news.repositoryId }, body }), olds.labelId);
  },

  importId: {
    format: "<repository>/<labelName>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.name}`,
    async locate({ client }, importId) {
      const { rest: name, ...repository } = await locateInRepository(client, importId);
      return { id: "", props: { ...repository, name } };
    },
  },

  // The delete names a label, not an id: the name recorded may now be another label's (ours deleted
  // or renamed in the console and the name reused since the last refresh), so the label is looked
  // up by its id first and deleted under the name it has now, and one no longer listed is gone.
  async remove({ client }, _id, props) {
    const live = await findLabel(client, props.repositoryId, (listed) => (listed.id != null && props.labelId ? listed.id === props.labelId : listed.name === props.name));
    if (!live) return;
    await deleteUnlessGone(() => client.call("deleteLabel", { params: { repository_id: props.repositoryId }, query: { name: live.name } }));
  },
});

export const provider = label.provider;
