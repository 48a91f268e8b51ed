/**
 * OpenSSH public keys, as DeployKey and SSHKey take them: validation with a message a person can
 * act on, a normal form for comparison, and fingerprints.
 *
 * A key is one line `type base64-body [comment]`. The body is the SSH wire encoding (RFC 4253
 * §6.6): length-prefixed fields, the first of which repeats the type. Parsing the whole body,
 * not just its first field, is what tells a truncated paste from a good key.
 *
 * Comparison ignores surrounding whitespace, the amount of whitespace between fields, and the
 * comment: the service may store a key re-spaced or without its comment, and a comment is not part
 * of the key, so neither may cause a perpetual diff.
 *
 * Fingerprint assumption: the V4 deploy-key list returns a `fingerprint` string whose format no
 * source defines. We assume OpenSSH's default, `SHA256:` + unpadded base64 of the SHA-256 of the
 * body (what `ssh-keygen -l` prints), and the emulator answers in that format. Because GitLab,
 * which CodeArts Repo derives from, historically answered colon-separated MD5 hex in this field,
 * {@link fingerprintMatches} accepts either format, so reading a real service in either form works.
 */
import { createHash } from "node:crypto";
import { z } from "zod";

/** Each type's body after the type string: which fields follow, and fixed values or sizes. */
type FieldRule = { kind: "mpint" } | { kind: "bytes"; length?: number[] } | { kind: "text"; equals?: string } | { kind: "any" };

const ECDSA_POINT_BYTES: Record<string, number> = { nistp256: 65, nistp384: 97, nistp521: 133 };

const KEY_LAYOUTS: Record<string, FieldRule[]> = {
  "ssh-ed25519": [{ kind: "bytes", length: [32] }],
  "ssh-rsa": [{ kind: "mpint" }, { kind: "mpint" }],
  "ssh-dss": [{ kind: "mpint" }, { kind: "mpint" }, { kind: "mpint" }, { kind: "mpint" }],
  "ecdsa-sha2-nistp256": [{ kind: "text", equals: "nistp256" }, { kind: "bytes", length: [ECDSA_POINT_BYTES.nistp256] }],
  "ecdsa-sha2-nistp384": [{ kind: "text", equals: "nistp384" }, { kind: "bytes", length: [ECDSA_POINT_BYTES.nistp384] }],
  "ecdsa-sha2-nistp521": [{ kind: "text", equals: "nistp521" }, { kind: "bytes", length: [ECDSA_POINT_BYTES.nistp521] }],
  "sk-ssh-ed25519@openssh.com": [{ kind: "bytes", length: [32] }, { kind: "text" }],
  "sk-ecdsa-sha2-nistp256@openssh.com": [
    { kind: "text", equals: "nistp256" },
    { kind: "bytes", length: [ECDSA_POINT_BYTES.nistp256] },
    { kind: "text" },
  ],
};

export const SSH_KEY_TYPES = Object.keys(KEY_LAYOUTS);
/** The service's documented maximum key length (CN2024 §4.1.2, PublicKey.key). */
export const SSH_KEY_MAX_LENGTH = 2048;

export interface SshPublicKey {
  type: string;
  /** The base64 body exactly as given. */
  body: string;
  comment: string;
  /** `type body`: what two keys are compared by. */
  normalized: string;
  /** OpenSSH's `SHA256:…` fingerprint. */
  fingerprintSha256: string;
  /** GitLab's legacy `aa:bb:…` MD5 fingerprint. */
  fingerprintMd5: string;
}

/** `privateKey` marks the one failure whose text must never be echoed (see checkKeyInputs). */
export type ParseResult = { ok: true; key: SshPublicKey } | { ok: false; problem: string; privateKey?: true };

const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses one OpenSSH public key line; `problem` says what is wrong in words fit for `check`. */
export function parseSshPublicKey(text: string): ParseResult {
  const fail = (problem: string): ParseResult => ({ ok: false, problem });
  const trimmed = text.trim();
  if (trimmed === "") return fail('must not be empty: give an OpenSSH public key such as "ssh-ed25519 AAAAC3… you@host"');
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(trimmed) || trimmed.startsWith("-----BEGIN")) {
    return {
      ok: false,
      problem: "looks like a private key (it starts with -----BEGIN); give the public key instead, e.g. the contents of ~/.ssh/id_ed25519.pub",
      privateKey: true,
    };
  }
  if (trimmed.startsWith("---- BEGIN SSH2 PUBLIC KEY")) {
    return fail("must be in OpenSSH one-line format, not RFC 4716; convert it with `ssh-keygen -i -f <file>`");
  }
  if (trimmed.length > SSH_KEY_MAX_LENGTH) return fail(`must be at most ${SSH_KEY_MAX_LENGTH} characters long`);
  if (/[\r\n]/.test(trimmed)) return fail("must be a single line holding one key");
  const [type, body, ...commentWords] = trimmed.split(/[ \t]+/);
  if (!KEY_LAYOUTS[type]) {
    return fail(`must start with a known key type (${SSH_KEY_TYPES.join(", ")}); "${clip(type)}" is not one`);
  }
  if (body === undefined) return fail(`must have a base64 key body after "${type}"`);
  if (!BASE64_BODY.test(body) || body.length % 4 !== 0) {
    return fail(`has a key body that is not valid base64${body.length % 4 !== 0 && BASE64_BODY.test(body) ? " (its length is wrong: it may be truncated)" : ""}`);
  }
  const blob = Buffer.from(body, "base64");
  const problem = checkBlob(type, blob);
  if (problem) return fail(problem);
  return {
    ok: true,
    key: {
      type,
      body,
      comment: commentWords.join(" "),
      normalized: `${type} ${body}`,
      fingerprintSha256: `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`,
      fingerprintMd5: createHash("md5").update(blob).digest("hex").replace(/(..)(?!$)/g, "$1:"),
    },
  };
}

/** Walks the wire fields of the body; returns a problem or undefined. */
function checkBlob(declaredType: string, blob: Buffer): string | undefined {
  const truncated = "has a key body that ends early: the key looks truncated";
  let offset = 0;
  const next = (): Buffer | undefined => {
    if (offset + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) return undefined;
    const field = blob.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    return field;
  };
  const embedded = next();
  if (embedded === undefined) return truncated;
  const embeddedType = embedded.toString("latin1");
  if (embeddedType !== declaredType) {
    const shown = /^[\x20-\x7e]{1,64}$/.test(embeddedType) ? `"${embeddedType}"` : "an unreadable type";
    return `declares type "${declaredType}" but its base64 body holds ${shown}: the type and the body do not belong together`;
  }
  for (const rule of KEY_LAYOUTS[declaredType]) {
    const field = next();
    if (field === undefined) return truncated;
    if (rule.kind === "bytes" && rule.length && !rule.length.includes(field.length)) {
      return `has a ${declaredType} key body of the wrong size: the key looks truncated or damaged`;
    }
    if (rule.kind === "text" && rule.equals !== undefined && field.toString("latin1") !== rule.equals) {
      return `declares type "${declaredType}" but its body names another curve: the type and the body do not belong together`;
    }
    if (rule.kind === "mpint" && field.length === 0) return `has a ${declaredType} key body with an empty number: the key is damaged`;
  }
  if (offset !== blob.length) return "has extra bytes after the key in its base64 body: the key is damaged or two keys were joined";
  return undefined;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** `type body` of a key, or the trimmed text when it is not a valid key (so comparison still works). */
export function normalizeSshPublicKey(text: string): string {
  const parsed = parseSshPublicKey(text);
  return parsed.ok ? parsed.key.normalized : text.trim();
}

/** Whether two key texts are the same key, whatever their comments and spacing. */
export function sameSshPublicKey(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return normalizeSshPublicKey(a) === normalizeSshPublicKey(b);
}

/** The OpenSSH `SHA256:…` fingerprint of a valid key; throws on an invalid one. */
export function sshFingerprint(text: string): string {
  const parsed = parseSshPublicKey(text);
  if (!parsed.ok) throw new Error(`not an SSH public key: it ${parsed.problem}`);
  return parsed.key.fingerprintSha256;
}

/**
 * Whether a fingerprint the service listed is this key's, in either format the service may use:
 * `SHA256:…` (exact) or MD5 hex, with or without colons or an `MD5:` prefix (any case).
 */
export function fingerprintMatches(listed: string | null | undefined, keyText: string): boolean {
  if (!listed) return false;
  const parsed = parseSshPublicKey(keyText);
  if (!parsed.ok) return false;
  if (listed.startsWith("SHA256:")) return listed.replace(/=+$/, "") === parsed.key.fingerprintSha256;
  const hex = (value: string) => value.replace(/^MD5:/i, "").replace(/:/g, "").toLowerCase();
  return hex(listed) === hex(parsed.key.fingerprintMd5);
}

/** A zod string that must be an OpenSSH public key; the value is kept as given. */
export const SshPublicKeyText = z.string("must be a string holding an OpenSSH public key").superRefine((text, ctx) => {
  const parsed = parseSshPublicKey(text);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
});
