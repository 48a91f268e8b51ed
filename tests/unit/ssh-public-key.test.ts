import {
  SSH_KEY_TYPES,
  fingerprintMatches,
  normalizeSshPublicKey,
  parseSshPublicKey,
  sameSshPublicKey,
  sshFingerprint,
} from "../../provider/ssh-public-key";
import { ecdsaKey, ed25519Key, keyLine, rsaKey, skEd25519Key } from "../support/ssh-keys";

/** Made by `ssh-keygen -t ed25519 -C vector@test`; fingerprints as `ssh-keygen -l [-E md5]` printed them. */
const VECTOR = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII00NO+BbgV+w+/UnsBYHz7eG120sQv4ks4zbJO8Ve8t vector@test";
const VECTOR_SHA256 = "SHA256:iezvz0Qu0aKi6WhVJU7MPggDE2oE4SySzA0IZDCTqTk";
const VECTOR_MD5 = "a0:af:7f:ec:07:21:06:52:83:5c:57:74:84:6d:53:cb";
const ECDSA384_VECTOR =
  "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBJRQJCGFQgRKkPwN2zvaoT0/Z859sDsVGnehmMvb7HHDfZySwfuVvseDzGGq59dCNxJ3xh7VRJ3ypwNnYgWvSgogaRHgxGSEN0XcM3ataD3TJtMtxFyL2ihZF8sgnH246A==";
const RSA_VECTOR =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCmL3xTI1pnP/J/MiPB7DDGfa3WIt0uBjmMk8MOPuLYDZfHNozPmOEQwXyslH2nQ+WnN3FRuVbz/3RwBsvWCveqVSXZUw88/3WyBVG5cVfTXHduWgIuS6mwpPNGdDOA7XUGSjkRszhdqTvKf9yGCGxhC1onixktQFglEbdfxZrDHfAt1gk1oM90tpv3NtggajZSwGy72yTvDaHDtD/9FJLPDIZCmT13TnHtQC2NUiVItH41i3p+njf/tY7ol6tWuEeEWU/+F9Udvu8+mTL1XmZwxxbK28xbds0h3d/MhCouAYy9an2Ia4GITefeExkW/Q8sXDv/IeYg+tooL3Zl6TSr rsa@test";

describe("parseSshPublicKey accepts OpenSSH public keys", () => {
  it("splits type, body and comment and computes ssh-keygen's fingerprints", () => {
    const parsed = parseSshPublicKey(VECTOR);
    expect(parsed).toEqual({
      ok: true,
      key: {
        type: "ssh-ed25519",
        body: "AAAAC3NzaC1lZDI1NTE5AAAAII00NO+BbgV+w+/UnsBYHz7eG120sQv4ks4zbJO8Ve8t",
        comment: "vector@test",
        normalized: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAII00NO+BbgV+w+/UnsBYHz7eG120sQv4ks4zbJO8Ve8t",
        fingerprintSha256: VECTOR_SHA256,
        fingerprintMd5: VECTOR_MD5,
      },
    });
  });

  it("matches ssh-keygen on RSA and ECDSA keys too", () => {
    expect(sshFingerprint(RSA_VECTOR)).toBe("SHA256:XPfSw9bXKnCev5oEfzeegU6JdhTCugdfNLViUXEE6bo");
    expect(sshFingerprint(ECDSA384_VECTOR)).toBe("SHA256:xzQD4r8lmab7T0OP9SWlfAtLnKpkgiVEP3ZMzsHZIdg");
  });

  it.each([
    ["ssh-ed25519", () => ed25519Key()],
    ["ssh-rsa", () => rsaKey()],
    ["ecdsa-sha2-nistp256", () => ecdsaKey("nistp256")],
    ["ecdsa-sha2-nistp384", () => ecdsaKey("nistp384")],
    ["ecdsa-sha2-nistp521", () => ecdsaKey("nistp521")],
    ["sk-ssh-ed25519@openssh.com", () => skEd25519Key()],
  ])("accepts a %s key", (type, make) => {
    const parsed = parseSshPublicKey(make());
    expect(parsed.ok && parsed.key.type).toBe(type);
    expect(SSH_KEY_TYPES).toContain(type);
  });

  it("keeps a comment with spaces and ignores surrounding and repeated whitespace", () => {
    const parsed = parseSshPublicKey(`\n  ${VECTOR.replace(" ", " \t  ")} and more words \n`);
    expect(parsed.ok && parsed.key.comment).toBe("vector@test and more words");
    expect(parsed.ok && parsed.key.normalized).toBe(normalizeSshPublicKey(VECTOR));
  });
});

describe("parseSshPublicKey rejects what is not an OpenSSH public key, saying why", () => {
  const body = VECTOR.split(" ")[1];
  it.each([
    ["empty", "", /^must not be empty/],
    ["whitespace only", "  \n ", /^must not be empty/],
    ["a private key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----", /^looks like a private key/],
    ["an RSA private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----", /^looks like a private key/],
    ["an unknown type", `ssh-foo ${body}`, /^must start with a known key type \(ssh-ed25519, .*\); "ssh-foo" is not one$/],
    ["authorized_keys options", `no-pty ${VECTOR}`, /"no-pty" is not one/],
    ["a type without a body", "ssh-ed25519", /^must have a base64 key body after "ssh-ed25519"$/],
    ["bad base64", "ssh-ed25519 AAAA$$$$not-base64", /^has a key body that is not valid base64$/],
    ["a type that does not match the body", `ssh-rsa ${body} x`, /^declares type "ssh-rsa" but its base64 body holds "ssh-ed25519"/],
    ["a body cut short", `ssh-ed25519 ${body.slice(0, 40)}`, /ends early: the key looks truncated/],
    ["a body cut mid-quantum", `ssh-ed25519 ${body.slice(0, 41)}`, /not valid base64 \(its length is wrong: it may be truncated\)/],
    ["an RFC 4716 key", "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----", /not RFC 4716/],
    ["two lines", `${VECTOR}\n${VECTOR}`, /^must be a single line/],
    ["an ed25519 key of the wrong size", keyLine("ssh-ed25519", [Buffer.alloc(31)]), /wrong size: the key looks truncated or damaged/],
    ["a curve that does not match the type", keyLine("ecdsa-sha2-nistp256", ["nistp384", Buffer.alloc(65)]), /names another curve/],
    ["trailing bytes", keyLine("ssh-ed25519", [Buffer.alloc(32), "extra"]), /extra bytes after the key/],
    ["a key over 2048 characters", `ssh-rsa ${"A".repeat(2100)}`, /^must be at most 2048 characters long$/],
  ])("rejects %s", (_name, text, problem) => {
    const parsed = parseSshPublicKey(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });

  it("never quotes a private key back in the problem", () => {
    const secret = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";
    const parsed = parseSshPublicKey(`-----BEGIN OPENSSH PRIVATE KEY-----\n${secret}\n-----END OPENSSH PRIVATE KEY-----`);
    expect(!parsed.ok && parsed.problem).not.toContain(secret);
  });
});

describe("comparing keys", () => {
  it("treats comment and whitespace differences as the same key", () => {
    expect(sameSshPublicKey(VECTOR, `  ${VECTOR.split(" ").slice(0, 2).join("   ")}   laptop  `)).toBe(true);
    expect(sameSshPublicKey(VECTOR, VECTOR.split(" ").slice(0, 2).join(" "))).toBe(true);
  });

  it("tells different keys apart", () => {
    expect(sameSshPublicKey(VECTOR, ed25519Key("vector@test"))).toBe(false);
    expect(sameSshPublicKey(VECTOR, undefined)).toBe(false);
  });

  it("matches a listed fingerprint in SHA256 or MD5 form, with or without a prefix or colons", () => {
    expect(fingerprintMatches(VECTOR_SHA256, VECTOR)).toBe(true);
    expect(fingerprintMatches(`${VECTOR_SHA256}=`, VECTOR)).toBe(true);
    expect(fingerprintMatches(VECTOR_MD5, VECTOR)).toBe(true);
    expect(fingerprintMatches(`MD5:${VECTOR_MD5.toUpperCase()}`, VECTOR)).toBe(true);
    expect(fingerprintMatches(VECTOR_MD5.replace(/:/g, ""), VECTOR)).toBe(true);
    expect(fingerprintMatches(sshFingerprint(ed25519Key()), VECTOR)).toBe(false);
    expect(fingerprintMatches(null, VECTOR)).toBe(false);
  });
});
