/** Fresh OpenSSH public keys for tests, built from Node's crypto (no ssh-keygen needed). */
import { generateKeyPairSync } from "node:crypto";

/** The SSH wire encoding of a string field: 4-byte big-endian length, then the bytes. */
export function sshField(value: Buffer | string): Buffer {
  const bytes = typeof value === "string" ? Buffer.from(value, "latin1") : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An OpenSSH line from a type and the body's fields (the type field is prepended). */
export function keyLine(type: string, fields: Array<Buffer | string>, comment = "", bodyType = type): string {
  const body = Buffer.concat([sshField(bodyType), ...fields.map(sshField)]).toString("base64");
  return comment ? `${type} ${body} ${comment}` : `${type} ${body}`;
}

/** A new ed25519 public key line. */
export function ed25519Key(comment = "test@example"): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return keyLine("ssh-ed25519", [raw], comment);
}

/** A new RSA public key line. */
export function rsaKey(comment = "rsa@example", bits = 2048): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const jwk = publicKey.export({ format: "jwk" });
  const mpint = (b64url: string) => {
    const bytes = Buffer.from(b64url, "base64url");
    return bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  };
  return keyLine("ssh-rsa", [mpint(jwk.e!), mpint(jwk.n!)], comment);
}

/** A new ECDSA public key line on nistp256, nistp384 or nistp521. */
export function ecdsaKey(curve: "nistp256" | "nistp384" | "nistp521", comment = "ecdsa@example"): string {
  const namedCurve = { nistp256: "P-256", nistp384: "P-384", nistp521: "P-521" }[curve];
  const { publicKey } = generateKeyPairSync("ec", { namedCurve });
  const jwk = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  return keyLine(`ecdsa-sha2-${curve}`, [curve, point], comment);
}

/** A security-key ed25519 public key line (the key part is random; only the layout matters). */
export function skEd25519Key(comment = "sk@example"): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return keyLine("sk-ssh-ed25519@openssh.com", [raw, "ssh:"], comment);
}
