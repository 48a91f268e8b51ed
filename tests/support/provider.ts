/** The provider in this process, configured against a started emulator. */
import type { ProviderConfig } from "../../api/config";
import { DEFAULTS } from "../../emulator";
import { ProviderContext, ProviderTiming, configureWith } from "../../provider/runtime";
import type { EmulatorFixture } from "./emulator";

export interface ProviderRunOptions {
  /** Default: the emulator's static token. */
  token?: string;
  /** Where the provider sends its calls instead of the emulator itself, e.g. a recording proxy. */
  url?: string;
  maxRetries?: number;
  timing?: ProviderTiming;
}

/**
 * Configures the provider as a new Pulumi run does: a new client, so nothing an earlier run learned
 * or listed (list reads are reused for a few seconds within one client) is reused.
 */
export function newProviderRun(fixture: EmulatorFixture, options: ProviderRunOptions = {}): ProviderContext {
  const url = options.url ?? fixture.emulator.url;
  const config: ProviderConfig = { endpoint: url, iamEndpoint: url, auth: { kind: "token", token: options.token ?? DEFAULTS.token } };
  if (options.maxRetries !== undefined) config.maxRetries = options.maxRetries;
  return configureWith(config, options.timing);
}
