/**
 * The provider context: what every resource kind in one provider process shares, set up by the
 * dynamic provider `configure` hook from stack config and the environment.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CodeArtsClient } from "../api/client";
import { ProviderConfig, environmentSource, firstOf, resolveConfig, stackConfigSource } from "../api/config";
import { CodeArtsConfigError } from "../api/errors";
import type { PollSchedule } from "./poll";

export type { PollSchedule } from "./poll";

/** Waits a test may shorten, so that it polls often instead of hoping a slow read lands in time. */
export interface ProviderTiming {
  /** How a new repository is polled until the service has created it (default provider/repository.ts CREATION_POLL). */
  creationPoll?: Partial<PollSchedule>;
}

/**
 * A value kept once per holder (a context, or the process), made on first use. The module that
 * owns the value creates the slot, so the holder needs to know nothing of what it keeps.
 */
export interface Slot<T> {
  readonly make: () => T;
}

export function slot<T>(make: () => T): Slot<T> {
  return { make };
}

class SlotValues {
  private readonly values = new Map<Slot<unknown>, unknown>();

  get<T>(slot: Slot<T>): T {
    if (!this.values.has(slot)) this.values.set(slot, slot.make());
    return this.values.get(slot) as T;
  }
}

/**
 * The answer for `key` this run has learned, or is learning: `learn` runs once per key, and
 * concurrent callers share its promise. A failure is not remembered: the next caller learns again.
 */
export function learnOnce<K, V>(known: Map<K, Promise<V>>, key: K, learn: () => Promise<V>): Promise<V> {
  let answer = known.get(key);
  if (!answer) {
    answer = learn();
    known.set(key, answer);
    const made = answer;
    made.catch(() => known.get(key) === made && known.delete(key));
  }
  return answer;
}

/**
 * One configuration's shared state: its API client (and with it the IAM token cache, the rate
 * budget and the coalesced list reads) and what resources batch or learn within a run, each in
 * a slot of the module that owns it. A new configuration starts a new context, so nothing of the
 * old one leaks into it.
 */
export class ProviderContext {
  readonly client: CodeArtsClient;
  private readonly slots = new SlotValues();

  constructor(
    readonly config: ProviderConfig,
    /** Waits a test may shorten (the default: the provider's own schedules). */
    readonly timing: ProviderTiming = {},
  ) {
    this.client = clientFor(config);
  }

  /** This context's value of `slot`, made on first use. */
  memo<T>(slot: Slot<T>): T {
    return this.slots.get(slot);
  }
}

/**
 * What this process holds across the engine's calls. It must be process-wide: the dynamic-provider
 * host loads every resource kind's provider into one process and configures each once, and they
 * must share one context (one client: a client per kind would drop the list reads other kinds'
 * resources are sharing). The program-side functions run in the program's process and share one
 * client the same way.
 */
const host: {
  /** The context of the last good configuration. */
  context?: ProviderContext;
  /** Why the last configuration failed: reported by the first operation that needs the API. */
  configurationError?: Error;
  functions?: { key: string; client: CodeArtsClient };
  /** What must outlive, or exist without, a configuration (see processMemo). */
  slots: SlotValues;
} = { slots: new SlotValues() };

/**
 * This process's value of `slot`, made on first use. For what the engine's calls leave behind
 * whatever the configuration: it is there even when configuring failed (check still runs then)
 * and when no configure call happened.
 */
export function processMemo<T>(slot: Slot<T>): T {
  return host.slots.get(slot);
}

/** Debug lines go to stderr, which the Pulumi CLI shows; they never carry headers or bodies. */
export function debugEnabled(): boolean {
  return /^(1|true|yes)$/i.test(process.env.CODEARTSREPO_DEBUG ?? "");
}

function debugLog(line: string): void {
  if (debugEnabled()) process.stderr.write(`[codeartsrepo] ${line}\n`);
}

export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  // A configuration problem is reported by the first operation that needs the API, so that
  // `pulumi preview` can still validate inputs and report them first.
  try {
    const config = resolveConfig(firstOf(stackConfigSource(request.config), environmentSource()));
    // The host configures each resource kind's provider once per process. They must share one
    // client: a new client per kind would drop the list reads other kinds' resources are sharing.
    if (host.context && JSON.stringify(host.context.config) === JSON.stringify(config)) return;
    configureWith(config);
  } catch (error) {
    host.configurationError = error as Error;
  }
}

function clientFor(config: ProviderConfig): CodeArtsClient {
  return CodeArtsClient.fromConfig(config, {
    onExchange: ({ method, path, status, ms, attempt }) =>
      debugLog(`${method} ${path} -> ${status} in ${ms} ms${attempt > 0 ? ` (retry ${attempt})` : ""}`),
  });
}

/** Starts a new context for this configuration: what `configure` does once settings are resolved. */
export function configureWith(config: ProviderConfig, timing: ProviderTiming = {}): ProviderContext {
  host.context = new ProviderContext(config, timing);
  host.configurationError = undefined;
  return host.context;
}

/**
 * The client of the functions a Pulumi program calls (statistics, events). They run in the
 * program's process, not the provider's, so they read the stack config the program sees — the
 * same `codeartsrepo:*` keys — then the environment. One client per process and configuration.
 */
export function functionClient(stackConfig: Record<string, string>): CodeArtsClient {
  let config: ProviderConfig;
  try {
    config = resolveConfig(firstOf(stackConfigSource({ get: (key) => stackConfig[key] }), environmentSource()));
  } catch (error) {
    throw error instanceof CodeArtsConfigError ? error : new CodeArtsConfigError(String(error));
  }
  const key = JSON.stringify(config);
  if (host.functions?.key !== key) host.functions = { key, client: clientFor(config) };
  return host.functions.client;
}

/** The waits of the configured provider; the defaults when nothing shortened them. */
export function providerTiming(): ProviderTiming {
  return host.context?.timing ?? {};
}

export function apiClient(): CodeArtsClient {
  return providerContext().client;
}

export function providerContext(): ProviderContext {
  if (host.context) return host.context;
  if (host.configurationError) throw host.configurationError;
  // No configure call happened (e.g. the provider used outside the Pulumi host): use the environment.
  try {
    return configureWith(resolveConfig(environmentSource()));
  } catch (error) {
    throw error instanceof CodeArtsConfigError ? error : new CodeArtsConfigError(String(error));
  }
}

/**
 * Every resource module's provider goes through here, so provider-wide behaviour lives in one place.
 *
 * `codeartsrepo:adoptExisting` (or HW_CODEARTSREPO_ADOPT_EXISTING) makes every create adopt an
 * object that already exists under its natural key, as if each resource had `adoptExisting: true`.
 * It is for recovering a run that was killed after the service created objects but before Pulumi
 * recorded them: `pulumi cancel`, `pulumi refresh --clear-pending-creates`, then one `pulumi up`
 * with the setting. The program's own `adoptExisting` value is what the state records.
 */
type CreateInputs = Record<string, unknown> & { adoptExisting?: boolean };

export function defineProvider<P extends { create(inputs: CreateInputs): Promise<pulumi.dynamic.CreateResult> }>(provider: P): P {
  const create = provider.create.bind(provider);
  return {
    ...provider,
    async create(inputs: CreateInputs) {
      apiClient();
      // Kinds with nothing to adopt (a statistics run) have no adoptExisting input.
      const adoptable = inputs.adoptExisting !== undefined;
      if (!adoptable || inputs.adoptExisting || !host.context?.config.adoptExisting) return create(inputs);
      const result = await create({ ...inputs, adoptExisting: true });
      return { ...result, outs: { ...result.outs, adoptExisting: inputs.adoptExisting } };
    },
  };
}
