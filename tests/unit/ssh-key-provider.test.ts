import { SshKeyInputs, SshKeyOutputs, provider } from "../../provider/ssh-key";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { ecdsaKey, ed25519Key } from "../support/ssh-keys";

const KEY = ecdsaKey("nistp256", "me@laptop");
const [TYPE, BODY] = KEY.split(" ");
const valid = { title: "laptop", key: KEY };

describe("SSHKey check", () => {
  it("fills defaults", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result).toEqual({ inputs: { ...valid, adoptExisting: false }, failures: [] });
  });

  it.each([
    [{ title: "" }, "title", /^must not be empty$/],
    [{ key: "   " }, "key", /^must not be empty/],
    [{ key: `ecdsa-sha2-nistp384 ${BODY}` }, "key", /declares type "ecdsa-sha2-nistp384" but its base64 body holds "ecdsa-sha2-nistp256"/],
    [{ key: `${TYPE} ${BODY.slice(0, 60)}` }, "key", /looks truncated/],
    [{ key: 42 }, "key", /OpenSSH public key/],
    [{ adoptExisting: "no" }, "adoptExisting", /boolean/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });

  it("reports a pasted private key without naming the property", async () => {
    const result = await provider.check({}, { ...valid, key: "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----" });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^key looks like a private key/) }]);
  });
});

describe("SSHKey diff", () => {
  const inputs = (over: Partial<SshKeyInputs> = {}) => SshKeyInputs.parse({ ...valid, ...over });
  const olds: SshKeyOutputs = { ...inputs(), keyId: "1034501", fingerprint: sshFingerprint(KEY) };

  it("sees no change for the same key without its comment", async () => {
    expect(await provider.diff("1034501", olds, inputs({ key: `${TYPE} ${BODY}\n` }))).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces on a title change, deleting first because the account refuses the same key twice", async () => {
    expect(await provider.diff("1034501", olds, inputs({ title: "desktop" }))).toEqual({ changes: true, replaces: ["title"], deleteBeforeReplace: true });
  });

  it("adds the new key first when the key changes", async () => {
    expect(await provider.diff("1034501", olds, inputs({ key: ed25519Key() }))).toEqual({ changes: true, replaces: ["key"], deleteBeforeReplace: false });
  });

  it("replaces when a refresh found another key text live", async () => {
    const live = ed25519Key();
    const refreshed = { ...olds, key: live, fingerprint: sshFingerprint(live) };
    expect((await provider.diff("1034501", refreshed, inputs())).replaces).toEqual(["key"]);
  });
});
