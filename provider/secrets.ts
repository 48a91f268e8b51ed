/**
 * Outputs a resource keeps secret in state: values that are, or are computed from, a secret input.
 *
 * A dynamic provider cannot mark an output secret the way a program does (`pulumi.secret`): its
 * host sends outputs to the engine as plain JSON and tells the engine it does not accept secrets.
 * But the engine decodes Pulumi's secret signature in any value a provider returns (the
 * `4dabf…`/`1b47…` pair of Pulumi's property wire format) and has the stack's secrets provider
 * encrypt it. So create, read and update return these fields in that form: a new resource stores
 * them encrypted, and a `pulumi refresh` turns the plain values an earlier version stored into
 * secrets without any change to report. `pulumi up` converts them too, through the SDK's
 * `additionalSecretOutputs`, when it has nothing to update.
 *
 * Because the provider does not accept secrets, the engine hands it every old value in plain
 * form, so diffs compare plain values exactly as before. `revealed` gives the same plain form to
 * a caller (a test, a chained call) that passes outputs straight back in.
 */

/** Pulumi's property wire format: an object with this key and value is a secret holding `value`. */
export const SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export interface SecretValue<T = unknown> {
  [SECRET_SIGNATURE_KEY]: typeof SECRET_SIGNATURE;
  value: T;
}

export function asSecret<T>(value: T): SecretValue<T> {
  return { [SECRET_SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

export function isSecretValue(value: unknown): value is SecretValue {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIGNATURE_KEY] === SECRET_SIGNATURE;
}

type Properties = Record<string, unknown>;

/** The named fields of `outputs` as secrets; absent fields stay absent. */
export function withSecrets<T>(outputs: T, fields: readonly string[]): T {
  if (!outputs || typeof outputs !== "object") return outputs;
  const result: Properties = { ...(outputs as Properties) };
  for (const field of fields) {
    const value = result[field];
    if (value !== undefined && value !== null && !isSecretValue(value)) result[field] = asSecret(value);
  }
  return result as T;
}

/** Every top-level secret of `properties` as its plain value: what the engine sends this provider. */
export function revealed<T>(properties: T): T {
  if (!properties || typeof properties !== "object") return properties;
  return Object.fromEntries(Object.entries(properties as Properties).map(([key, value]) => [key, isSecretValue(value) ? value.value : value])) as T;
}

interface SecretKeepingProvider {
  create(inputs: never): Promise<{ id: string; outs?: unknown }>;
  read?(id: string, props: never): Promise<{ id?: string; props?: unknown }>;
  update?(id: string, olds: never, news: never): Promise<{ outs?: unknown }>;
  diff?(id: string, olds: never, news: never): Promise<unknown>;
  delete?(id: string, props: never): Promise<void>;
}

/**
 * The provider, with `fields` returned as secrets by create, read and update. Old properties that
 * arrive in secret form are revealed first, as the engine itself does for this provider.
 */
export function keepingSecret<P extends SecretKeepingProvider>(fields: readonly string[], provider: P): P {
  const { create, read, update, diff } = provider;
  const remove = provider.delete;
  const loose = <F>(method: F) => method as unknown as (...args: unknown[]) => Promise<Record<string, unknown> | void>;
  return {
    ...provider,
    async create(inputs: unknown) {
      const result = (await loose(create).call(provider, inputs)) as { outs?: unknown };
      return { ...result, outs: withSecrets(result.outs, fields) };
    },
    ...(read && {
      async read(id: string, props: unknown) {
        const result = (await loose(read).call(provider, id, revealed(props))) as { props?: unknown };
        return result.props === undefined ? result : { ...result, props: withSecrets(result.props, fields) };
      },
    }),
    ...(update && {
      async update(id: string, olds: unknown, news: unknown) {
        const result = (await loose(update).call(provider, id, revealed(olds), news)) as { outs?: unknown };
        return { ...result, outs: withSecrets(result.outs, fields) };
      },
    }),
    ...(diff && { diff: (id: string, olds: unknown, news: unknown) => loose(diff).call(provider, id, revealed(olds), news) }),
    ...(remove && { delete: (id: string, props: unknown) => loose(remove).call(provider, id, revealed(props)) }),
  } as P;
}
