/**
 * Provider configuration: Pulumi stack config `codeartsrepo:*` first, then environment variables
 * named like the Huawei Cloud Terraform provider's. Read at run time inside the provider process
 * (through the dynamic provider `configure` hook), never captured in the serialized provider, so
 * no credential reaches the state file.
 */
import { CodeArtsConfigError } from "./errors";
import { CODEARTSREPO_ENDPOINTS, codeArtsRepoEndpoint, iamEndpoint as regionIamEndpoint } from "./regions";

export const CONFIG_NAMESPACE = "codeartsrepo";

/**
 * Each setting: its stack config key (under `codeartsrepo:`), environment fallbacks, and, for a
 * value other than text, its type: resolveConfig reads an "integer" setting only with
 * `wholeNumber` and a "boolean" one only with `flag` (the compiler holds both to this table). The
 * plugin's package schema (scripts/schema.ts) describes the provider's config by this table and
 * its doc comments.
 */
export const settings = {
  /** The CodeArts Repo API's base URL. Default: the region's endpoint, as the official Huawei Cloud SDK lists it. */
  endpoint: { env: ["HW_CODEARTSREPO_ENDPOINT"], secret: false },
  /**
   * The IAM base URL. Default: `https://iam.<region>.myhuaweicloud.com`, or the global
   * `https://iam.myhuaweicloud.com` where IAM has no regional endpoint; without a region, `endpoint`.
   */
  iamEndpoint: { env: ["HW_IAM_ENDPOINT"], secret: false },
  /** The Huawei Cloud region, e.g. `cn-north-4`: it gives the default endpoints. */
  region: { env: ["HW_REGION_NAME"], secret: false },
  /** The IAM project a password token is scoped to (default: the region's project, by name); sent as `X-Project-Id` with AK/SK signing. */
  projectId: { env: ["HW_PROJECT_ID"], secret: false },
  /** An IAM token, sent as `X-Auth-Token`. Configure exactly one way to authenticate: a token; userName, password and domainName; or accessKey and secretKey. */
  token: { env: ["HW_AUTH_TOKEN"], secret: true },
  /** The IAM user's name, for password authentication (with password and domainName). */
  userName: { env: ["HW_USER_NAME"], secret: false },
  /** The IAM user's password. */
  password: { env: ["HW_USER_PASSWORD"], secret: true },
  /** The account (domain) the IAM user belongs to. */
  domainName: { env: ["HW_DOMAIN_NAME"], secret: false },
  /** An access key, for AK/SK request signing (SDK-HMAC-SHA256), with secretKey. */
  accessKey: { env: ["HW_ACCESS_KEY"], secret: false },
  /** The access key's secret key. */
  secretKey: { env: ["HW_SECRET_KEY"], secret: true },
  /** The security token of temporary access keys. */
  securityToken: { env: ["HW_SECURITY_TOKEN"], secret: true },
  /** Retries of a throttled, failed (500/502/503/504) or dropped call, 0–20; default 3. */
  maxRetries: { env: ["HW_MAX_RETRIES"], secret: false, type: "integer" },
  /** Calls per minute per API the provider allows itself, 0–100000; default 600 (the service's limit), 0 = no limit. */
  rateLimitPerMinute: { env: ["HW_CODEARTSREPO_RATE_LIMIT"], secret: false, type: "integer" },
  /** Every create adopts an object that already exists under its natural key, as if each resource set `adoptExisting` (recovery after a killed run). */
  adoptExisting: { env: ["HW_CODEARTSREPO_ADOPT_EXISTING"], secret: false, type: "boolean" },
} as const;
export type SettingName = keyof typeof settings;
/** The settings the table gives a value type (a setting without one is text). */
type SettingOfType<T extends string> = { [K in SettingName]: (typeof settings)[K] extends { type: T } ? K : never }[SettingName];

export type AuthConfig =
  | { kind: "token"; token: string }
  | {
      kind: "password";
      userName: string;
      password: string;
      domainName: string;
      /** IAM project the token is scoped to: by id when known, else by name (the region). */
      scope: { id: string } | { name: string };
    }
  | {
      kind: "aksk";
      accessKey: string;
      secretKey: string;
      /** With temporary credentials. */
      securityToken?: string;
      /** Sent as X-Project-Id when configured. */
      projectId?: string;
    };

export interface ProviderConfig {
  /** Base URL of the CodeArts Repo API, no trailing slash. */
  endpoint: string;
  /** Where `endpoint` came from, e.g. "codeartsrepo:endpoint" or "default endpoint of region cn-north-4". */
  endpointOrigin?: string;
  /** Base URL of IAM, no trailing slash. */
  iamEndpoint: string;
  /** Where `iamEndpoint` came from. */
  iamEndpointOrigin?: string;
  region?: string;
  auth: AuthConfig;
  /** Retries of a failed call (throttled, gateway errors, dropped connections). */
  maxRetries?: number;
  /** Calls per minute per API the provider allows itself; 0 = no limit. */
  rateLimitPerMinute?: number;
  /** Every create adopts an existing object with the same natural key (recovery after a killed run). */
  adoptExisting?: boolean;
}

/**
 * Looks a setting up by its short name (e.g. "token"); undefined when unset or empty. `originOf`
 * names where a set value came from (the config key or environment variable), for messages.
 */
export type SettingSource = ((name: SettingName) => string | undefined) & { originOf?: (name: SettingName) => string | undefined };

function source(get: (name: SettingName) => string | undefined, originOf: (name: SettingName) => string | undefined): SettingSource {
  return Object.assign(get, { originOf });
}

/** Stack config as the dynamic provider receives it: keys like "codeartsrepo:token". */
export function stackConfigSource(config: { get(key: string): unknown }): SettingSource {
  const get = (name: SettingName) => nonEmpty(config.get(`${CONFIG_NAMESPACE}:${name}`));
  return source(get, (name) => (get(name) === undefined ? undefined : `${CONFIG_NAMESPACE}:${name}`));
}

export function environmentSource(env: NodeJS.ProcessEnv = process.env): SettingSource {
  const variable = (name: SettingName) => settings[name].env.find((key) => nonEmpty(env[key]) !== undefined);
  return source(
    (name) => {
      const key = variable(name);
      return key === undefined ? undefined : nonEmpty(env[key]);
    },
    variable,
  );
}

/** The first source that has a value wins, setting by setting. */
export function firstOf(...sources: SettingSource[]): SettingSource {
  const winner = (name: SettingName) => sources.find((candidate) => candidate(name) !== undefined);
  return source(
    (name) => winner(name)?.(name),
    (name) => winner(name)?.originOf?.(name),
  );
}

function nonEmpty(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

function describe(name: SettingName): string {
  return `codeartsrepo:${name} (or ${settings[name].env.join(", ")})`;
}

function baseUrl(name: SettingName, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CodeArtsConfigError(`${describe(name)} must be a URL such as https://host; got "${value}"`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new CodeArtsConfigError(`${describe(name)} must use https:// or http://; got "${url.protocol}"`);
  }
  return url.toString().replace(/\/+$/, "");
}

function wholeNumber(get: SettingSource, name: SettingOfType<"integer">, max: number): number | undefined {
  const value = get(name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new CodeArtsConfigError(`${describe(name)} must be a whole number from 0 to ${max}; got "${value}"`);
  }
  return n;
}

function flag(get: SettingSource, name: SettingOfType<"boolean">): boolean | undefined {
  const value = get(name);
  if (value === undefined) return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new CodeArtsConfigError(`${describe(name)} must be true or false; got "${value}"`);
}

/** A region's endpoint from the SDK's table; a region it does not list needs the endpoint set. */
function regionEndpoint(region: string): string {
  const endpoint = codeArtsRepoEndpoint(region);
  if (endpoint) return endpoint;
  throw new CodeArtsConfigError(
    `CodeArts Repo has no known endpoint in region "${region}" (known regions: ${Object.keys(CODEARTSREPO_ENDPOINTS).sort().join(", ")}). ` +
      `Check ${describe("region")}, or set the endpoint yourself: pulumi config set codeartsrepo:endpoint https://<host>, or HW_CODEARTSREPO_ENDPOINT.`,
  );
}

export function resolveConfig(get: SettingSource): ProviderConfig {
  return {
    ...resolveEndpointsAndAuth(get),
    maxRetries: wholeNumber(get, "maxRetries", 20),
    rateLimitPerMinute: wholeNumber(get, "rateLimitPerMinute", 100_000),
    adoptExisting: flag(get, "adoptExisting"),
  };
}

/** Where a set endpoint came from; a source that cannot tell gets the setting's names. */
function originOf(get: SettingSource, name: SettingName): string {
  return get.originOf?.(name) ?? describe(name);
}

function resolveEndpointsAndAuth(get: SettingSource): ProviderConfig {
  const region = get("region");
  const endpointValue = get("endpoint") ?? (region ? regionEndpoint(region) : undefined);
  if (!endpointValue) {
    throw new CodeArtsConfigError(`No CodeArts Repo endpoint: set ${describe("endpoint")} or ${describe("region")}.`);
  }
  const endpoint = baseUrl("endpoint", endpointValue);
  const endpointOrigin = get("endpoint") !== undefined ? originOf(get, "endpoint") : `default endpoint of region ${region}`;
  const iamValue = get("iamEndpoint") ?? (region ? regionIamEndpoint(region) : undefined);
  const iamEndpointOrigin =
    get("iamEndpoint") !== undefined
      ? originOf(get, "iamEndpoint")
      : region
        ? `default IAM endpoint of region ${region}`
        : `${endpointOrigin}, as no IAM endpoint is set`;
  const endpoints = { endpoint, endpointOrigin, iamEndpointOrigin };

  const token = get("token");
  const userName = get("userName");
  const password = get("password");
  const domainName = get("domainName");
  const accessKey = get("accessKey");
  const secretKey = get("secretKey");
  const modes = {
    token: (["token"] as const).filter((k) => get(k) !== undefined),
    password: (["userName", "password", "domainName"] as const).filter((k) => get(k) !== undefined),
    aksk: (["accessKey", "secretKey"] as const).filter((k) => get(k) !== undefined),
  };
  const configured = Object.entries(modes).filter(([, keys]) => keys.length > 0);
  if (configured.length > 1) {
    throw new CodeArtsConfigError(
      `Several ways to authenticate are configured (${configured
        .map(([mode, keys]) => `${mode}: ${keys.join(", ")}`)
        .join("; ")}); configure exactly one: a token, IAM user name + password + domain name, or an access key pair.`,
    );
  }
  if (configured.length === 0) {
    throw new CodeArtsConfigError(
      `No credentials: set ${describe("token")}; or ${describe("userName")}, ${describe("password")} and ${describe("domainName")}; or ${describe("accessKey")} and ${describe("secretKey")}.`,
    );
  }
  const iamEndpoint = iamValue ? baseUrl("iamEndpoint", iamValue) : endpoint;
  if (token) return { ...endpoints, iamEndpoint, region, auth: { kind: "token", token } };
  if (modes.aksk.length > 0) {
    if (!accessKey || !secretKey) {
      throw new CodeArtsConfigError(`AK/SK signing needs both ${describe("accessKey")} and ${describe("secretKey")}.`);
    }
    return {
      ...endpoints,
      iamEndpoint,
      region,
      auth: { kind: "aksk", accessKey, secretKey, securityToken: get("securityToken"), projectId: get("projectId") },
    };
  }
  const passwordParts = { userName, password, domainName };
  const missing = (Object.keys(passwordParts) as SettingName[]).filter((k) => passwordParts[k as keyof typeof passwordParts] === undefined);
  if (missing.length > 0) {
    throw new CodeArtsConfigError(`IAM password authentication also needs ${missing.map(describe).join(" and ")}.`);
  }
  if (!iamValue) {
    throw new CodeArtsConfigError(`IAM password authentication needs ${describe("iamEndpoint")} or ${describe("region")}.`);
  }
  const projectId = get("projectId");
  const scope = projectId ? { id: projectId } : region ? { name: region } : undefined;
  if (!scope) {
    throw new CodeArtsConfigError(`IAM password authentication needs a token scope: set ${describe("projectId")} or ${describe("region")}.`);
  }
  return {
    ...endpoints,
    iamEndpoint: baseUrl("iamEndpoint", iamValue),
    region,
    auth: { kind: "password", userName: userName!, password: password!, domainName: domainName!, scope },
  };
}
