import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../provider/shim";
import { RepositoryRef, repositoryInputs } from "./common";
import type { WebhookEvent, WebhookInputs } from "../provider/webhook";

/** An event that calls the hook: "push", "tagPush", "mergeRequest" or "note" (comments). */
export type WebhookEventName = WebhookEvent;

/** Arguments a program gives a {@link Webhook}; every one accepts a Pulumi Input. */
export interface WebhookArgs {
  /** The repository: a {@link Repository} resource, or `{repositoryId, repositoryUuid}`. Changing it replaces the hook. */
  repository: RepositoryRef;
  /** The http:// or https:// URL the service calls, at most 500 characters. */
  url: pulumi.Input<string>;
  /** A name for the hook, at most 200 characters. */
  name?: pulumi.Input<string>;
  /** At most 200 characters. */
  description?: pulumi.Input<string>;
  /**
   * The secret the service sends in the `tokenType` header. Always kept secret in state. It cannot
   * be read back (the service shows a mask), so a token changed in the console is not detected;
   * changing it in the program updates the hook. Left out on a hook adopted with `adoptExisting`
   * (as `codeartsrepo import` writes it), the live token is kept and never sent, until the program
   * sets one.
   */
  token?: pulumi.Input<string>;
  /** The header the token travels in: "X-Repo-Token" (default), "X-Gitlab-Token" or "X-Auth-Token". */
  tokenType?: pulumi.Input<WebhookInputs["tokenType"]>;
  /** Which events call the hook: at least one of "push", "tagPush", "mergeRequest", "note" (comments). */
  events: pulumi.Input<pulumi.Input<WebhookEventName>[]>;
  /** A regular expression of the branches whose pushes call the hook (needs "push"); the service's default is ".*". */
  branchFilter?: pulumi.Input<string>;
  /**
   * If the repository already has a hook with this url, manage it instead of failing: its settings
   * are set from the program (no call when they already match), and its token too if the program
   * gives one. Deleting the resource then deletes the hook, unless it has
   * `retainOnDelete: true`.
   */
  adoptExisting?: pulumi.Input<boolean>;
}

/**
 * A CodeArts Repo repository webhook. Its id is `<repositoryId>/<hookId>`. Every setting changes
 * in place; `pulumi refresh` reads all of them back except the token.
 */
export class Webhook extends pulumi.dynamic.Resource {
  declare readonly repositoryId: pulumi.Output<number>;
  declare readonly repositoryUuid: pulumi.Output<string>;
  declare readonly url: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly tokenType: pulumi.Output<string>;
  /** The events, in the order push, tagPush, mergeRequest, note. */
  declare readonly events: pulumi.Output<WebhookEventName[]>;
  declare readonly branchFilter: pulumi.Output<string | undefined>;
  declare readonly adoptExisting: pulumi.Output<boolean>;
  /** The service's id of the hook. */
  declare readonly hookId: pulumi.Output<number>;
  /** SHA-256 of `tokenSalt` and the last token sent: how a token change in the program is seen. Not the token, but secret like it. */
  declare readonly tokenHash: pulumi.Output<string | undefined>;
  /** Secret: beside the hash, it would let anyone who reads the state test guesses of the token. */
  declare readonly tokenSalt: pulumi.Output<string>;
  /** True while an adopted hook keeps the token it had (the program set none since). */
  declare readonly liveTokenKept: pulumi.Output<boolean | undefined>;
  declare readonly createdAt: pulumi.Output<string>;

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
        hookId: undefined,
        tokenHash: undefined,
        tokenSalt: undefined,
        liveTokenKept: undefined,
        createdAt: undefined,
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
