/**
 * Huawei Cloud AK/SK request signing (SDK-HMAC-SHA256), as the API signing guide defines it and
 * as the official SDK's signer computes it — byte for byte, which tests/unit/signer.test.ts checks
 * against @huaweicloud/huaweicloud-sdk-core. The emulator verifies signatures with this same code.
 *
 *   CanonicalRequest = method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 *   StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 *   Authorization    = SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=hex(hmac_sha256(SK, StringToSign))
 */
import { createHash, createHmac } from "node:crypto";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
const EMPTY_BODY_SHA256 = createHash("sha256").update("").digest("hex");

export interface SignableRequest {
  method: string;
  /** The path as sent on the wire (already percent-encoded), without the query string. */
  path: string;
  /** Query parameters, unencoded; a repeated key has an array of values. */
  query?: Record<string, string | string[]>;
  /** Every header to sign, including `host` and `x-sdk-date`. */
  headers: Record<string, string>;
  /** The exact body bytes sent, if any. */
  body?: string;
}

export interface SignatureParts {
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
  authorization: string;
}

/** "20240102T030405Z": the X-Sdk-Date format. */
export function sdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Parses an X-Sdk-Date value; undefined when it is not one. */
export function parseSdkDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** RFC 3986: everything but A–Z a–z 0–9 - . _ ~ is percent-encoded, as UTF-8, upper-case hex. */
export function signingEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Each segment encoded again (the wire path is already encoded), and a trailing slash. */
function canonicalUri(path: string): string {
  const encoded = path.split("/").map(signingEncode).join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

function canonicalQuery(query: Record<string, string | string[]> = {}): string {
  return Object.keys(query)
    .sort()
    .flatMap((key) => {
      const value = query[key];
      const values = Array.isArray(value) ? [...value].sort() : [value];
      return values.map((v) => `${signingEncode(key)}=${signingEncode(v)}`);
    })
    .join("&");
}

export function signatureParts(request: SignableRequest, accessKey: string, secretKey: string): SignatureParts {
  const names = Object.keys(request.headers)
    .map((name) => name.toLowerCase())
    .sort();
  const lowerCased = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const date = lowerCased["x-sdk-date"];
  if (!date) throw new Error("an AK/SK-signed request needs an x-sdk-date header");
  const canonicalHeaders = names.map((name) => `${name}:${lowerCased[name]}\n`).join("");
  const signedHeaders = names.join(";");
  const bodyHash = request.body ? createHash("sha256").update(request.body).digest("hex") : EMPTY_BODY_SHA256;
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri(request.path),
    canonicalQuery(request.query),
    canonicalHeaders,
    signedHeaders,
    bodyHash,
  ].join("\n");
  const stringToSign = [SIGNING_ALGORITHM, date, createHash("sha256").update(canonicalRequest).digest("hex")].join("\n");
  const signature = createHmac("sha256", secretKey).update(stringToSign).digest("hex");
  return {
    canonicalRequest,
    stringToSign,
    signedHeaders,
    signature,
    authorization: `${SIGNING_ALGORITHM} Access=${accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** Parses `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`; undefined if malformed. */
export function parseAuthorization(value: string): { accessKey: string; signedHeaders: string[]; signature: string } | undefined {
  const match = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([^,\s]+), Signature=([0-9a-f]{64})$/.exec(value.trim());
  if (!match) return undefined;
  return { accessKey: match[1], signedHeaders: match[2].split(";"), signature: match[3] };
}
