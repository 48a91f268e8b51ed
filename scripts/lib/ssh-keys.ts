/** Fresh OpenSSH public key lines built from Node's crypto (no ssh-keygen needed): for tests and benchmarks. */
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
