/**
 * Repository labels, V4 (official SDK create/list/update/delete_repository_label; wire/labels.ts).
 *
 * Emulator choices where the SDK is silent:
 * - a name is unique in its repository (update and delete find a label by name alone), and a
 *   create or rename onto a taken name is refused with 400 CH.010001, as a duplicate deploy key is;
 *   the real status and code are unknown;
 * - a missing label answers 404 CH.000404 in the V4 shape; a delete answers 204 without a body;
 * - `color`, `description`, `priority` and `expires_at` are answered only once a call set them;
 *   `text_color` is derived from `color` (dark text on light colors; the service's rule is unknown);
 * - a label has expired once its `expires_at` day has passed (UTC);
 * - the list answers no `X-Total`, since the SDK declares none; its default `limit` is 20, as the
 *   emulator's other V4 lists; names sort by code point;
 * - `open_merge_requests_count` is always 0 (the emulator has no merge requests), and
 *   `open_change_request_count` is never sent (it is for CR repositories).
 */
import type { LabelBasic, LabelListQuery, UpdateLabelBody } from "../wire/labels";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { LabelRecord, Repository, World } from "./state";

type LabelHandlers = Pick<Handlers, "createLabel" | "listLabels" | "updateLabel" | "deleteLabel">;

const DEFAULT_LIMIT = 20;

function labelsOf(repo: Repository): LabelRecord[] {
  repo.labels ??= [];
  return repo.labels;
}

/** "#333333" on a light background, "#FFFFFF" on a dark one, by perceived brightness. */
function textColorFor(color: string): string {
  const hex = color.length === 4 ? [...color.slice(1)].map((digit) => digit + digit).join("") : color.slice(1);
  const [r, g, b] = [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
  return 0.299 * r + 0.587 * g + 0.114 * b > 186 ? "#333333" : "#FFFFFF";
}

function isExpired(record: LabelRecord): boolean {
  return record.expiresAt !== undefined && record.expiresAt < new Date().toISOString().slice(0, 10);
}

function labelBasic(record: LabelRecord): LabelBasic {
  return {
    id: record.id,
    name: record.name,
    color: record.color,
    description: record.description,
    text_color: record.color === undefined ? undefined : textColorFor(record.color),
    expires_at: record.expiresAt,
    is_expired: isExpired(record),
    open_merge_requests_count: 0,
  };
}

const byName = (a: LabelRecord, b: LabelRecord) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byCreated = (a: LabelRecord, b: LabelRecord) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id;
const byUpdated = (a: LabelRecord, b: LabelRecord) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id;
const ORDERS: Record<NonNullable<LabelListQuery["sort"]>, (a: LabelRecord, b: LabelRecord) => number> = {
  name_asc: byName,
  name_desc: (a, b) => byName(b, a),
  created_asc: byCreated,
  created_desc: (a, b) => byCreated(b, a),
  updated_asc: byUpdated,
  updated_desc: (a, b) => byUpdated(b, a),
};

export function labelHandlers(world: World): LabelHandlers {
  const labelIn = (repo: Repository, name: string): LabelRecord => {
    const label = labelsOf(repo).find((record) => record.name === name);
    if (!label) throw faults.notFound(`Label ${name} does not exist in repository ${repo.id}`);
    return label;
  };
  const refuseTaken = (repo: Repository, name: string) => {
    if (labelsOf(repo).some((record) => record.name === name)) throw faults.invalid(`Param invalid: label ${name} already exists`);
  };

  return {
    createLabel({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      refuseTaken(repo, body.name);
      const now = new Date().toISOString();
      const id = world.data.nextLabelId ?? 1;
      world.data.nextLabelId = id + 1;
      const record: LabelRecord = {
        id,
        name: body.name,
        color: body.color,
        description: body.description,
        expiresAt: body.expires_at,
        createdAt: now,
        updatedAt: now,
      };
      labelsOf(repo).push(record);
      world.save();
      return { ...labelBasic(record), is_repository_label: true };
    },

    listLabels({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const needle = query.search?.toLowerCase();
      const shown = labelsOf(repo)
        .filter((record) => !needle || record.name.toLowerCase().includes(needle))
        .filter((record) => query.include_expired !== false || !isExpired(record))
        .sort(ORDERS[query.sort ?? "name_asc"]);
      const offset = query.offset ?? 0;
      return shown.slice(offset, offset + (query.limit ?? DEFAULT_LIMIT)).map(labelBasic);
    },

    updateLabel({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      const label = labelIn(repo, body.name);
      if (body.new_name !== undefined && body.new_name !== label.name) refuseTaken(repo, body.new_name);
      const next: LabelRecord = { ...label, ...changes(body), updatedAt: new Date().toISOString() };
      repo.labels = labelsOf(repo).map((record) => (record === label ? next : record));
      world.save();
      return { ...labelBasic(next), priority: next.priority };
    },

    deleteLabel({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const label = labelIn(repo, query.name);
      repo.labels = labelsOf(repo).filter((record) => record !== label);
      world.save();
      return new Reply(undefined, 204);
    },
  };
}

/** The fields an update sends; a field left out keeps its value. */
function changes(body: UpdateLabelBody): Partial<LabelRecord> {
  const sent: Partial<LabelRecord> = {
    name: body.new_name,
    color: body.color,
    description: body.description,
    expiresAt: body.expires_at,
    priority: body.priority,
  };
  return Object.fromEntries(Object.entries(sent).filter(([, value]) => value !== undefined));
}
