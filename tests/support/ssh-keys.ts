/** Fresh OpenSSH public keys for tests, built from Node's crypto (no ssh-keygen needed). */
import { generateKeyPairSync } from "node:crypto";
import { keyLine } from "../../scripts/lib/ssh-keys";

export { ed25519Key, keyLine, sshField } from "../../scripts/lib/ssh-keys";

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
