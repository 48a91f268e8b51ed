import * as pulumi from "@pulumi/pulumi";
import type { CodeArtsClient } from "../api/client";

/**
 * Which repository a child resource (protected branch, member, webhook…) belongs to. A
 * {@link Repository} resource fits as it is; so does any object with its two ids, for a repository
 * this program does not manage.
 */
export interface RepositoryRef {
  /** The integer id v2/V4 calls use. */
  repositoryId: pulumi.Input<number>;
  /** The 32-character uuid v1/v2 calls use. */
  repositoryUuid: pulumi.Input<string>;
}

/** The repository's ids as plain inputs of a child resource. */
export function repositoryInputs(ref: RepositoryRef): { repositoryId: pulumi.Input<number>; repositoryUuid: pulumi.Input<string> } {
  return { repositoryId: ref.repositoryId, repositoryUuid: ref.repositoryUuid };
}

/** A repository named by its integer id alone, for resources and functions of the V4 calls. */
export interface RepositoryIdRef {
  /** The integer id v2/V4 calls use; a {@link Repository} resource has it. */
  repositoryId: pulumi.Input<number>;
}

/** The client the program-side functions share: stack config `codeartsrepo:*`, then the environment. */
export function functionClient(): CodeArtsClient {
  // Loaded on first use: a program that calls no function never loads the HTTP client.
  const runtime: typeof import("../provider/runtime") = require("../provider/runtime");
  return runtime.functionClient(pulumi.runtime.allConfig());
}

/** A function's arguments with each one a Pulumi Input. */
export type InputArgs<A> = { [K in keyof A]: pulumi.Input<A[K]> };

/**
 * The Output form of a Promise-returning function, for programs that pass resource outputs: it
 * runs once its arguments are known (not at all in a preview that cannot know them).
 */
export function outputForm<A extends object, R>(fn: (args: A) => Promise<R>): (args: InputArgs<A>) => pulumi.Output<R> {
  return (args) => {
    // pulumi.output() walks plain objects and would turn a Date into {}.
    const safe = Object.fromEntries(Object.entries(args).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));
    return pulumi.output(safe).apply((plain) => fn(plain as unknown as A));
  };
}

/**
 * A resource's arguments from its provider's input type: each one a Pulumi Input, docs carried
 * over. An optional argument takes `Input<T>`, not `Input<T | undefined>`, as a hand-written Args
 * interface would, and an array argument takes each element as an Input.
 */
export type ResourceArgs<I> = { [K in keyof I]: pulumi.Input<ElementInputs<Exclude<I[K], undefined>>> };
/** An array argument takes each element as a Pulumi Input too (`Input<Input<E>[]>`), as a program's outputs often are. */
type ElementInputs<T> = T extends readonly (infer E)[] ? pulumi.Input<E>[] : T;

/**
 * An outputs type with some fields given other types, each keeping its doc comment and its
 * optionality: how a class keeps the public type it declared before its outputs were derived.
 */
export type Retyped<O, T extends { [K in keyof T]: K extends keyof O ? unknown : never }> = { [K in keyof O]: K extends keyof T ? T[K] : O[K] };

/** A resource's outputs from its provider's output type: each one a Pulumi Output, docs carried over. */
export type ResourceOutputs<O> = { readonly [K in keyof O]-?: pulumi.Output<O[K]> };

/**
 * The output-only properties a resource passes as `undefined` so the engine fills them in. The
 * compiler holds the list to exactly the outputs that are not inputs: `outputsOnly<Outputs, Inputs>()(["labelId", …])`.
 */
export function outputsOnly<O, I>() {
  type Only = Exclude<keyof O, keyof I>;
  return <const L extends readonly Only[]>(fields: L & ([Only] extends [L[number]] ? unknown : "every output that is not an input must be listed")) =>
    Object.fromEntries(fields.map((field) => [field, undefined])) as Record<L[number], undefined>;
}
