import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { providerShim } from "../provider/shim";
import { RepositoryRef, ResourceArgs, ResourceOutputs, Retyped, outputsOnly, repositoryInputs } from "./common";
import type { WebhookEvent, WebhookInputs, WebhookOutputs } from "../provider/webhook";

/** An event that calls the hook: "push", "tagPush", "mergeRequest" or "note" (comments). */
export type WebhookEventName = WebhookEvent;

/**
 * Arguments a program gives a {@link Webhook}: the provider's inputs (provider/webhook.ts, where
 * each is documented once), each a Pulumi Input, with the repository given as a reference.
 */
export type WebhookArgs = ResourceArgs<Omit<z.input<typeof WebhookInputs>, "repositoryId" | "repositoryUuid">> & {
  /** The repository: a {@link Repository} resource, or `{repositoryId, repositoryUuid}`. Changing it replaces the hook. */
  repository: RepositoryRef;
};

const OUTPUTS_ONLY = outputsOnly<WebhookOutputs, WebhookInputs>()(["hookId", "tokenHash", "tokenSalt", "liveTokenKept", "createdAt"]);

/**
 * The hook's properties as the provider last read them (provider/webhook.ts WebhookOutputs).
 * `tokenType` keeps the plain string type the class has always declared.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Webhook extends ResourceOutputs<Retyped<WebhookOutputs, { tokenType: string }>> {}

/**
 * A CodeArts Repo repository webhook. Its id is `<repositoryId>/<hookId>`. Every setting changes
 * in place; `pulumi refresh` reads all of them back except the token.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Webhook extends pulumi.dynamic.Resource {
  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const { repository, token, ...rest } = args;
    super(
      providerShim("webhook"),
      name,
      {
        ...rest,
        ...repositoryInputs(repository),
        // Secret even when the program passes a plain string, so state never holds it in clear text.
        token: token === undefined ? undefined : pulumi.secret(token),
        ...OUTPUTS_ONLY,
      },
      // tokenHash and tokenSalt are computed from the token. The provider returns them as secrets;
      // listing them here also converts, on an `up` with nothing to change, a stack whose state
      // holds them in plain text (versions up to 0.1.0).
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "token", "tokenHash", "tokenSalt"] },
      "codeartsrepo",
      "Webhook",
    );
  }
}
