/**
 * TrustedIpAddress: one entry of a repository's IP allowlist (V4 trusted IP addresses).
 *
 * | operation | API |
 * |---|---|
 * | create | GET /v4/projects/{repository_id}/trusted-ip-addresses (an entry for the same address: adopt, or refuse saying how), then POST …/trusted-ip-addresses |
 * | adopt  | the list above; PUT …/trusted-ip-addresses/{ip_id} only where the program's flags or remark differ |
 * | read   | the list, coalesced (one walk per repository per run, X-Total), matched by id; absent or repository 404 → gone |
 * | update | PUT …/trusted-ip-addresses/{ip_id}: every setting the program gives, the address included, in place |
 * | delete | DELETE …/trusted-ip-addresses/{ip_id} (404 → already gone) |
 *
 * The SDK's path says `projects/{id}`, and its note on `id` says "repository id" (see
 * wire/trusted-ip-addresses.ts): an entry belongs to a repository, as this resource does.
 *
 * The flags and the remark the program leaves out are the service's (the SDK documents no
 * defaults): they are not sent, and their live values are not drift.
 */
import { isIP } from "node:net";
import { z } from "zod";
import { CodeArtsClient } from "../api/client";
import { TRUSTED_IP_REMARK_MAX, TRUSTED_IP_TYPES, TrustedIpAddress, TrustedIpAddressBody } from "../wire/trusted-ip-addresses";
import type { DiffFields } from "./lifecycle";
import { ResourceDescriptor, defineResource, unmanagedIn } from "./resource";
import { ChildImport, Skipped, locateInRepository, refusal } from "./importing";
import { RepositoryIdentity, checkInputs } from "./validation";
import type { ProviderContext } from "./runtime";

type IpType = keyof typeof TRUSTED_IP_TYPES;
const IP_TYPES = Object.keys(TRUSTED_IP_TYPES) as IpType[];
const FLAGS = { allowView: "view_flag", allowDownload: "download_flag", allowUpload: "upload_flag" } as const;
type Flag = keyof typeof FLAGS;
const FLAG_NAMES = Object.keys(FLAGS) as Flag[];

const isCidr = (text: string) => {
  const [address, prefix, ...rest] = text.split("/");
  const family = isIP(address ?? "");
  return rest.length === 0 && family !== 0 && /^\d{1,3}$/.test(prefix ?? "") && Number(prefix) <= (family === 4 ? 32 : 128);
};

// A named shape, so that the shipped declarations keep each field's doc comment.
const TrustedIpAddressShape = {
  ...RepositoryIdentity,
  /** "ip" (one address), "range" (`start` to `end`) or "cidr" (`start` is a block such as `10.0.0.0/8`). */
  type: z.enum(IP_TYPES, { message: `must be ${IP_TYPES.map((t) => `"${t}"`).join(", ")}` }),
  /** The address, the range's first address, or the CIDR block. Changing it changes the entry in place. */
  start: z.string().min(1, "must not be empty"),
  /** The range's last address (type "range" only). */
  end: z.string().optional(),
  /** Whether the addresses may view the repository. Left out: the service's value, not compared. */
  allowView: z.boolean().optional(),
  /** Whether they may download (clone, pull) code. Left out: the service's value, not compared. */
  allowDownload: z.boolean().optional(),
  /** Whether they may commit (push) code. Left out: the service's value, not compared. */
  allowUpload: z.boolean().optional(),
  /** At most 200 characters. Left out: whatever the entry has is not compared. */
  remark: z.string().max(TRUSTED_IP_REMARK_MAX, `must be at most ${TRUSTED_IP_REMARK_MAX} characters long`).optional(),
  /**
   * If the repository already lists this address (same type, start and end), manage that entry
   * instead of failing: its flags and remark are set from the program. Deleting the resource then
   * deletes the entry.
   */
  adoptExisting: z.boolean().default(false),
};
export const TrustedIpAddressInputs: z.ZodObject<typeof TrustedIpAddressShape> = z.object(TrustedIpAddressShape);
export type TrustedIpAddressInputs = z.output<typeof TrustedIpAddressInputs>;

export interface TrustedIpAddressOutputs extends TrustedIpAddressInputs {
  /** The service's id of the entry. */
  ipId: string;
  /** The addresses as the service shows them ("" when it does not say). */
  ipRange: string;
}

const SETTINGS = ["allowView", "allowDownload", "allowUpload", "remark"] as const;
const FIELDS: DiffFields<TrustedIpAddressInputs> = {
  replace: ["repositoryId", "repositoryUuid"],
  update: ["type", "start", "end", "allowView", "allowDownload", "allowUpload", "remark", "adoptExisting"],
};

/** The address rules no single field states: the start's form by type, and an end for a range only. */
function addressFailure(inputs: Partial<TrustedIpAddressInputs>): { property: string; reason: string } | undefined {
  const { type, start, end } = inputs;
  if (typeof start !== "string" || typeof type !== "string") return undefined;
  if (type === "cidr" ? !isCidr(start) : isIP(start) === 0) return { property: "start", reason: type === "cidr" ? "must be a CIDR block such as 10.0.0.0/8" : "must be an IPv4 or IPv6 address" };
  if (type === "range" && (typeof end !== "string" || isIP(end) === 0)) return { property: "end", reason: 'must be an IPv4 or IPv6 address: a "range" needs its last address' };
  if (type !== "range" && end !== undefined) return { property: "end", reason: 'applies only to type "range": leave it out' };
  return undefined;
}

const sameAddress = (inputs: Pick<TrustedIpAddressInputs, "type" | "start" | "end">, listed: TrustedIpAddress) =>
  listed.ip_type === TRUSTED_IP_TYPES[inputs.type] && listed.ip_start === inputs.start && (inputs.type !== "range" || listed.ip_end === inputs.end);

function findAddress(client: CodeArtsClient, repositoryId: number, matches: (listed: TrustedIpAddress) => boolean): Promise<TrustedIpAddress | undefined> {
  return client.find("listTrustedIpAddresses", { params: { repository_id: repositoryId } }, matches);
}

/** What the program sets, in the service's words; what it leaves out is not sent. */
function bodyOf(inputs: TrustedIpAddressInputs): TrustedIpAddressBody {
  const body: TrustedIpAddressBody = { ip_type: TRUSTED_IP_TYPES[inputs.type], ip_start: inputs.start, ...(inputs.end !== undefined && { ip_end: inputs.end }) };
  for (const flag of FLAG_NAMES) if (inputs[flag] !== undefined) body[FLAGS[flag]] = inputs[flag] ? 1 : 0;
  if (inputs.remark !== undefined) body.remark = inputs.remark;
  return body;
}

const typeOf = (ipType: number | null | undefined): IpType | undefined => IP_TYPES.find((name) => TRUSTED_IP_TYPES[name] === ipType);
const flagOf = (value: number | null | undefined) => (value === 1 ? true : value === 0 ? false : undefined);

/** The entry's settings in the program's words, as listed (absent where the service says nothing). */
function liveSettings(listed: TrustedIpAddress) {
  return {
    type: typeOf(listed.ip_type),
    start: listed.ip_start ?? undefined,
    end: typeOf(listed.ip_type) === "range" ? (listed.ip_end ?? undefined) : undefined,
    allowView: flagOf(listed.view_flag),
    allowDownload: flagOf(listed.download_flag),
    allowUpload: flagOf(listed.upload_flag),
    remark: listed.remark ?? undefined,
  };
}

/** The live entry in the program's terms: settings the program leaves out stay out. */
function toOutputs(state: TrustedIpAddressInputs, listed: TrustedIpAddress): TrustedIpAddressOutputs {
  const live = liveSettings(listed);
  const outputs: Record<string, unknown> = { ...state, type: live.type ?? state.type, start: live.start ?? state.start, end: live.end, ipId: listed.id, ipRange: listed.ip_range ?? "" };
  for (const setting of SETTINGS) outputs[setting] = state[setting] === undefined ? undefined : live[setting];
  // The engine carries outputs as a protobuf Struct, which cannot hold undefined.
  return Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined)) as unknown as TrustedIpAddressOutputs;
}

/** An entry as `codeartsrepo import` declares it: every setting the service lists. */
export interface ImportedTrustedIpAddress {
  ipId: string;
  settings: Record<string, unknown>;
}

const importer: ChildImport<"trustedIpAddresses", ImportedTrustedIpAddress> = {
  field: "trustedIpAddresses",
  order: 80,
  count: ["trusted address", "trusted addresses"],
  async read(repository) {
    const items: ImportedTrustedIpAddress[] = [];
    const skipped: Skipped[] = [];
    for (const listed of await repository.list("listTrustedIpAddresses")) {
      const settings = Object.fromEntries(Object.entries(liveSettings(listed)).filter(([, value]) => value !== undefined && value !== ""));
      const inputs = { repositoryId: repository.id, repositoryUuid: repository.uuid, ...settings };
      const why = refusal(TrustedIpAddressInputs, inputs) ?? (addressFailure(inputs as never) && `the provider would refuse it: ${addressFailure(inputs as never)!.property} ${addressFailure(inputs as never)!.reason}`);
      if (why) skipped.push({ what: `trusted address ${listed.ip_range ?? listed.id}`, why });
      else items.push({ ipId: listed.id, settings });
    }
    return { items, skipped };
  },
  name: { prefix: "trusted-ip", base: (item) => String(item.settings.start ?? item.ipId) },
  declare: (item) => ({ fields: item.settings }),
  managedId: (item, repository) => `${repository.id}/${item.ipId}`,
};

export const trustedIpAddress: ResourceDescriptor<"trusted-ip-address", TrustedIpAddressInputs, TrustedIpAddressOutputs, typeof importer> = defineResource({
  kind: "trusted-ip-address",
  type: "TrustedIpAddress",
  inputs: TrustedIpAddressInputs,
  fields: FIELDS,
  report: {
    label: "trusted address",
    key: ["start"],
    unmanaged: unmanagedIn("listTrustedIpAddresses", {
      // An allowlist restricts: where the stack declares no entry, one added by hand narrows who
      // may reach the code; where it declares some, one more widens it (high). So it is looked
      // for where the stack declares entries, whose list the refresh read: no extra call.
      onlyWhereDeclared: true,
      declaredId: (outputs) => String(outputs.ipId),
      liveId: (listed) => listed.id,
      describe: (listed) => {
        const { type, start, end, allowView, allowDownload, allowUpload } = liveSettings(listed);
        return { name: listed.ip_range || start || listed.id, properties: { start }, fields: { type, start, end, allowView, allowDownload, allowUpload } };
      },
    }),
  },
  importer,
  id: (outputs: TrustedIpAddressOutputs) => `${outputs.repositoryId}/${outputs.ipId}`,

  check(news) {
    const result = checkInputs(TrustedIpAddressInputs, news);
    const failure = result.failures.length === 0 ? addressFailure(result.inputs as Partial<TrustedIpAddressInputs>) : undefined;
    return failure ? { inputs: news, failures: [failure] } : result;
  },

  // Looked up first because a lost answer is recovered by the address: an entry someone listed
  // before would otherwise be taken for the one created, and a destroy would delete it.
  create: {
    find: ({ client }, inputs) => findAddress(client, inputs.repositoryId, (listed) => sameAddress(inputs, listed)),
    conflict: (inputs, existing) =>
      `Repository ${inputs.repositoryId} already trusts ${existing.ip_range || inputs.start} (entry ${existing.id}). ` +
      "Set adoptExisting: true to manage it with this program (its flags and remark are then set from the program), or declare another address.",
    async adopt({ client }, inputs, existing) {
      const asListed = toOutputs(inputs, existing);
      if (SETTINGS.every((setting) => asListed[setting] === inputs[setting])) return asListed;
      return toOutputs(inputs, await client.call("updateTrustedIpAddress", { params: { repository_id: inputs.repositoryId, ip_id: Number(existing.id) }, body: bodyOf(inputs) }));
    },
    call: ({ client }: ProviderContext, inputs: TrustedIpAddressInputs) => client.call("createTrustedIpAddress", { params: { repository_id: inputs.repositoryId }, body: bodyOf(inputs) }),
    recovered: (found) => found,
    created: (inputs, answer) => toOutputs(inputs, answer),
    routes: { find: "listTrustedIpAddresses", create: "createTrustedIpAddress", params: (inputs) => ({ repository_id: inputs.repositoryId }) },
  },

  async read({ client }, _id, props) {
    const live = await findAddress(client, props.repositoryId, (listed) => listed.id === props.ipId);
    return live && toOutputs(props, live);
  },

  async update({ client }, _id, olds, news) {
    const answer = await client.call("updateTrustedIpAddress", { params: { repository_id: news.repositoryId, ip_id: Number(olds.ipId) }, body: bodyOf(news) });
    return toOutputs(news, answer);
  },

  importId: {
    format: "<repository>/<ipId>",
    of: (outputs) => `${outputs.repositoryId}/${outputs.ipId}`,
    async locate({ client }, importId) {
      const { rest: ipId, ...repository } = await locateInRepository(client, importId);
      const live = await findAddress(client, repository.repositoryId, (listed) => listed.id === ipId);
      const settings = live && liveSettings(live);
      return { id: `${repository.repositoryId}/${ipId}`, props: { ...repository, type: settings?.type ?? "ip", start: settings?.start ?? "", ipId } };
    },
  },

  remove: ({ client }, _id, props) => client.call("deleteTrustedIpAddress", { params: { repository_id: props.repositoryId, ip_id: Number(props.ipId) } }),
});

export const provider = trustedIpAddress.provider;
