import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import { ResourceArgs, ResourceOutputs, Retyped, outputsOnly } from "./common";
import type { ProjectWebhookInputs, ProjectWebhookOutputs } from "../provider/project-webhook";

/**
 * Arguments a program gives a {@link ProjectWebhook}: the provider's inputs
 * (provider/project-webhook.ts and provider/webhook.ts, where each is documented once), each a
 * Pulumi Input. `projectId` is the `projectId` a Repository takes; changing it replaces the hook.
 */
export type ProjectWebhookArgs = ResourceArgs<z.input<typeof ProjectWebhookInputs>>;

const OUTPUTS_ONLY = outputsOnly<ProjectWebhookOutputs, ProjectWebhookInputs>()(["hookId", "tokenHash", "tokenSalt", "liveTokenKept", "createdAt"]);

/** The hook's properties as the provider last read them (provider/project-webhook.ts ProjectWebhookOutputs). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ProjectWebhook extends ResourceOutputs<Retyped<ProjectWebhookOutputs, { tokenType: string }>> {}

/**
 * A webhook of a CodeArts project: called for events of every repository in the project. Its id
 * is `<projectId>/<hookId>`. Every setting changes in place; `pulumi refresh` reads all of them
 * back except the token, which stays secret as a repository Webhook's does.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ProjectWebhook extends pulumi.dynamic.Resource {
  constructor(name: string, args: ProjectWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const { token, ...rest } = args;
    super(
      providerShim("project-webhook"),
      name,
      {
        ...rest,
        // Secret even when the program passes a plain string, so state never holds it in clear text.
        token: token === undefined ? undefined : pulumi.secret(token),
        ...OUTPUTS_ONLY,
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "token", "tokenHash", "tokenSalt"] },
      "codeartsrepo",
      "ProjectWebhook",
    );
  }
}
