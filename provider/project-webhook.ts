/**
 * ProjectWebhook: a webhook of a CodeArts project (V4), called for events of every repository in
 * the project. The hook's settings, token handling and checks are the repository Webhook's
 * (webhook.ts); only the holder differs.
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/projects/{project_id}/hooks (a hook with the same url: adopt, or fail saying how), then POST /v4/projects/{project_id}/hooks |
 * | adopt  | the list above; PUT /v4/projects/{project_id}/hooks/{hook_id} only when the program sets a token or other settings than the live ones |
 * | read   | GET /v4/projects/{project_id}/hooks?offset=&limit=100, all pages (X-Total), filtered by hook id; coalesced, so N hooks of one project cost one list walk per run. Absent or project 404 → gone |
 * | update | PUT /v4/projects/{project_id}/hooks/{hook_id}, every setting in place |
 * | delete | DELETE /v4/projects/{project_id}/hooks/{hook_id}; 404 → already gone |
 *
 * `project_id` is the project's 32-character id (the SDK: "the project's 32-character uuid, from
 * ListProjectsV4"), the `projectId` a Repository takes. The SDK also has show_project_webhook;
 * the read uses the list instead, which every hook of the project shares.
 *
 * Blind spot, as for Webhook: the token cannot be read back (the service answers a mask), so a
 * token changed in the console is not detected; `tokenHash` and `tokenSalt` (secrets) show a token
 * changed in the program.
 */
import { z } from "zod";
import { CodeArtsArgumentError } from "../api/errors";
import type { CodeArtsClient } from "../api/client";
import type { Webhook } from "../wire/webhooks";
import { UUID32_PATTERN } from "../wire";
import { DiffFields } from "./lifecycle";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import {
  SECRET_OUTPUTS,
  WEBHOOK_SETTINGS,
  WEBHOOK_UPDATE_FIELDS,
  WebhookBookkeeping,
  checkWebhook,
  createWebhook,
  describeUnmanagedWebhook,
  hookIdOf,
  hookOutputs,
  updateWebhook,
  webhookDiff,
} from "./webhook";

// A named shape, so that the shipped declarations keep each field's doc comment.
const ProjectWebhookShape = {
  /** The CodeArts project's id (32 hexadecimal characters): the `projectId` a Repository takes. */
  projectId: z.string().regex(UUID32_PATTERN, "must be a CodeArts project id: 32 hexadecimal characters"),
  ...WEBHOOK_SETTINGS,
  /**
   * If the project already has a hook with this url, manage it instead of failing: its settings
   * are set from the program (no call when they already match), and its token too if the program
   * gives one. Deleting the resource then deletes the hook, unless it has `retainOnDelete: true`.
   */
  adoptExisting: z.boolean().default(false),
};
export const ProjectWebhookInputs: z.ZodObject<typeof ProjectWebhookShape> = z.object(ProjectWebhookShape);
export type ProjectWebhookInputs = z.output<typeof ProjectWebhookInputs>;

export interface ProjectWebhookOutputs extends Omit<ProjectWebhookInputs, "token">, WebhookBookkeeping {}

const FIELDS: DiffFields<ProjectWebhookInputs> = {
  replace: ["projectId"],
  update: [...WEBHOOK_UPDATE_FIELDS],
};

/** Project ids are hexadecimal: one spelling, so that ids and list keys agree however the program writes it. */
const canonical = (projectId: string) => projectId.toLowerCase();

export function projectWebhookResourceId(projectId: string, hookId: number): string {
  return `${canonical(projectId)}/${hookId}`;
}

/** The project's hook that matches; each page read is shared by every reader of the run. */
function findProjectWebhook(client: CodeArtsClient, projectId: string, matches: (hook: Webhook) => boolean): Promise<Webhook | undefined> {
  return client.find("listProjectWebhooks", { params: { project_id: canonical(projectId) } }, matches);
}

function deleteProjectWebhook(client: CodeArtsClient, projectId: string, hookId: number) {
  return client.call("deleteProjectWebhook", { params: { project_id: canonical(projectId), hook_id: hookId } });
}

export const projectWebhook: ResourceDescriptor<"project-webhook", ProjectWebhookInputs, ProjectWebhookOutputs, { notImported: string }> = defineResource({
  kind: "project-webhook",
  type: "ProjectWebhook",
  inputs: ProjectWebhookInputs,
  fields: FIELDS,
  secretOutputs: SECRET_OUTPUTS,
  report: {
    label: "project webhook",
    key: ["name", "url"],
    holder: "project",
    unmanaged: unmanagedIn("listProjectWebhooks", {
      // Read for each project the stack declares a project webhook of (the refresh read its list).
      onlyWhereDeclared: true,
      declaredId: (outputs) => String(outputs.hookId),
      liveId: (hook) => String(hook.id),
      describe: describeUnmanagedWebhook,
      // No `remove`: codeartsrepo prune acts on the stack's repositories only, so it leaves a
      // project's hooks to a person in the console.
    }),
  },
  // Not a repository's child: `codeartsrepo import` reads the project's hooks itself, once per
  // project (importer/read.ts), and declares them with the repository Webhook's declaration.
  importer: { notImported: "not held by a repository: codeartsrepo import reads the project's own hooks with one list of the project" },
  id: (outputs: ProjectWebhookOutputs) => projectWebhookResourceId(outputs.projectId, outputs.hookId),

  check: (news) => checkWebhook(ProjectWebhookInputs, news),
  diff: webhookDiff(FIELDS),

  create: async ({ client }, inputs) => {
    const project_id = canonical(inputs.projectId);
    const outs = await createWebhook(inputs, FIELDS, {
      find: (matches) => findProjectWebhook(client, project_id, matches),
      create: (body) => client.call("createProjectWebhook", { params: { project_id }, body }),
      update: (hook_id, body) => client.call("updateProjectWebhook", { params: { project_id, hook_id }, body }),
      holder: `Project ${project_id}`,
      routes: { find: "listProjectWebhooks", create: "createProjectWebhook", params: { project_id } },
    });
    return { id: projectWebhookResourceId(project_id, outs.hookId), outs };
  },

  async read({ client }, _id, props) {
    const live = await findProjectWebhook(client, props.projectId, (hook) => hook.id === props.hookId);
    return live && hookOutputs(props, live);
  },

  update: ({ client }, _id, olds, news) =>
    updateWebhook(olds, news, (hook_id, body) => client.call("updateProjectWebhook", { params: { project_id: canonical(news.projectId), hook_id }, body })),

  importId: {
    format: "<projectId>/<hookId>",
    of: (outputs) => projectWebhookResourceId(outputs.projectId, outputs.hookId),
    async locate(_context, importId) {
      const [projectId, rest = ""] = importId.split("/", 2);
      if (!UUID32_PATTERN.test(projectId)) throw new CodeArtsArgumentError("it does not start with the project id (32 hexadecimal characters) and a slash");
      const hookId = hookIdOf(rest);
      return { id: projectWebhookResourceId(projectId, hookId), props: { projectId: canonical(projectId), hookId } };
    },
  },

  remove: ({ client }, _id, props) => deleteProjectWebhook(client, props.projectId, props.hookId),
});

export const provider = projectWebhook.provider;
