/**
 * A repository's trusted IP addresses, V4 (official SDK add/list/update/delete_trusted_ip_address;
 * wire/trusted-ip-addresses.ts).
 *
 * Emulator choices where the SDK is silent:
 * - a create needs `ip_type` and `ip_start`, and a range also `ip_end`; `ip_type` outside 0–2, a
 *   flag other than 0 or 1 and a remark over 200 characters are refused (what the SDK documents);
 *   an address that is not IPv4/IPv6 (or, for type 2, `address/prefix`) is refused too, all with
 *   400 CH.010001 (the real code is unknown);
 * - flags a create leaves out are answered as 1 (allowed), a remark as ""; an update changes only
 *   what it sends; the same address may be listed twice;
 * - `ip_range` is answered as the address, `start-end` for a range, or the CIDR block;
 * - the list answers `X-Total`, its default `limit` is 20, in creation order; a missing entry
 *   answers 404 CH.000404; a delete answers 200 `{status: "success"}`.
 */
import { isIP } from "node:net";
import type { TrustedIpAddress, TrustedIpAddressBody } from "../wire/trusted-ip-addresses";
import { TRUSTED_IP_TYPES } from "../wire/trusted-ip-addresses";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { Repository, TrustedIpRecord, World } from "./state";

type TrustedIpHandlers = Pick<Handlers, "createTrustedIpAddress" | "listTrustedIpAddresses" | "updateTrustedIpAddress" | "deleteTrustedIpAddress">;

const DEFAULT_LIMIT = 20;

function addressesOf(repo: Repository): TrustedIpRecord[] {
  repo.trustedIps ??= [];
  return repo.trustedIps;
}

function isCidr(text: string): boolean {
  const [address, prefix, ...rest] = text.split("/");
  const family = isIP(address ?? "");
  return rest.length === 0 && family !== 0 && /^\d{1,3}$/.test(prefix ?? "") && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The entry a create or update leaves, refused where it is not a valid allowlist entry. */
function checked(entry: TrustedIpAddressBody): TrustedIpAddressBody {
  if (entry.ip_type === undefined || entry.ip_start === undefined) throw faults.invalid("Param invalid: ip_type and ip_start are required");
  if (entry.ip_type === TRUSTED_IP_TYPES.cidr) {
    if (!isCidr(entry.ip_start)) throw faults.invalid(`Param invalid: ip_start ${entry.ip_start} is not a CIDR block`);
  } else if (isIP(entry.ip_start) === 0) {
    throw faults.invalid(`Param invalid: ip_start ${entry.ip_start} is not an IP address`);
  }
  if (entry.ip_type === TRUSTED_IP_TYPES.range && (entry.ip_end === undefined || isIP(entry.ip_end) === 0)) {
    throw faults.invalid("Param invalid: an ip range needs ip_end, an IP address");
  }
  return entry;
}

function answer(record: TrustedIpRecord, repositoryId: number): TrustedIpAddress {
  const entry = record.entry;
  const range = entry.ip_type === TRUSTED_IP_TYPES.range ? `${entry.ip_start}-${entry.ip_end}` : entry.ip_start;
  return { ...entry, id: String(record.id), repository_id: repositoryId, ip_range: range, order_flag: 0, created_at: record.createdAt, updated_at: record.updatedAt } as TrustedIpAddress;
}

export function trustedIpAddressHandlers(world: World): TrustedIpHandlers {
  const entryIn = (repo: Repository, id: string): TrustedIpRecord => {
    const record = addressesOf(repo).find((candidate) => String(candidate.id) === id);
    if (!record) throw faults.notFound(`Trusted ip ${id} does not exist in repository ${repo.id}`);
    return record;
  };
  const given = (body: TrustedIpAddressBody) => Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as TrustedIpAddressBody;

  return {
    createTrustedIpAddress({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      const entry = checked({ view_flag: 1, download_flag: 1, upload_flag: 1, remark: "", ...given(body) });
      const id = world.data.nextTrustedIpId ?? 1;
      world.data.nextTrustedIpId = id + 1;
      const now = new Date().toISOString();
      const record: TrustedIpRecord = { id, entry, createdAt: now, updatedAt: now };
      addressesOf(repo).push(record);
      world.save();
      return answer(record, repo.id);
    },

    listTrustedIpAddresses({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const all = addressesOf(repo);
      const offset = query.offset ?? 0;
      return new Reply(all.slice(offset, offset + (query.limit ?? DEFAULT_LIMIT)).map((record) => answer(record, repo.id)), undefined, { "X-Total": String(all.length) });
    },

    updateTrustedIpAddress({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      const record = entryIn(repo, params.ip_id);
      record.entry = checked({ ...record.entry, ...given(body) });
      record.updatedAt = new Date().toISOString();
      world.save();
      return answer(record, repo.id);
    },

    deleteTrustedIpAddress({ params }) {
      const repo = repositoryV4(world, params.repository_id);
      const record = entryIn(repo, params.ip_id);
      repo.trustedIps = addressesOf(repo).filter((candidate) => candidate !== record);
      world.save();
      return { status: "success" };
    },
  };
}
