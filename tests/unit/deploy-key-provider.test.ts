import { DeployKeyInputs, DeployKeyOutputs, provider } from "../../provider/deploy-key";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { UNKNOWN } from "../../provider/validation";
import { ed25519Key } from "../support/ssh-keys";

const KEY = ed25519Key("ci@example");
const [TYPE, BODY] = KEY.split(" ");
const valid = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef", title: "ci", key: KEY };

describe("DeployKey check", () => {
  it("fills defaults and keeps the key as given", async () => {
    const result = await provider.check({}, { ...valid });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({ ...valid, canPush: false, application: "", adoptExisting: false });
  });

  it.each([
    [{ title: "" }, "title", /^must not be empty$/],
    [{ title: "   " }, "title", /^must not be empty$/],
    [{ repositoryId: 0 }, "repositoryId", /positive whole number/],
    [{ repositoryUuid: "nope" }, "repositoryUuid", /32 hexadecimal characters/],
    [{ canPush: "yes" }, "canPush", /boolean/],
    [{ key: "" }, "key", /^must not be empty/],
    [{ key: `${TYPE} ${BODY.slice(0, 40)}` }, "key", /looks truncated/],
    [{ key: `ssh-rsa ${BODY}` }, "key", /declares type "ssh-rsa" but its base64 body holds "ssh-ed25519"/],
    [{ key: `ssh-xyz ${BODY}` }, "key", /must start with a known key type/],
    [{ key: `${TYPE} not*base64` }, "key", /not valid base64/],
  ])("rejects %j naming the field and the rule", async (override, property, reason) => {
    const result = await provider.check({}, { ...valid, ...override });
    expect(result.failures).toHaveLength(1);
    expect(result.failures![0].property).toBe(property);
    expect(result.failures![0].reason).toMatch(reason);
  });

  it("reports a pasted private key without naming the property, so the engine does not print its value", async () => {
    const secret = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAAB";
    const result = await provider.check({}, { ...valid, key: `-----BEGIN OPENSSH PRIVATE KEY-----\n${secret}\n-----END OPENSSH PRIVATE KEY-----\n` });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^key looks like a private key/) }]);
    expect(JSON.stringify(result.failures)).not.toContain(secret);
  });

  it("reports every missing required field", async () => {
    const result = await provider.check({}, {});
    expect(result.failures!.map((f) => [f.property, f.reason])).toEqual([
      ["repositoryId", "is required"],
      ["repositoryUuid", "is required"],
      ["title", "is required"],
      ["key", "is required"],
    ]);
  });

  it("leaves a repository id unknown at preview to be checked at apply", async () => {
    const result = await provider.check({}, { ...valid, repositoryId: UNKNOWN, repositoryUuid: UNKNOWN });
    expect(result.failures).toEqual([]);
  });
});

describe("DeployKey diff", () => {
  const inputs = (over: Partial<DeployKeyInputs> = {}) => DeployKeyInputs.parse({ ...valid, ...over });
  const olds: DeployKeyOutputs = { ...inputs(), keyId: "1034500", fingerprint: sshFingerprint(KEY), createdAt: "2024-01-01 00:00:00" };

  it("sees no change for the same key with another comment and spacing", async () => {
    const diff = await provider.diff("1034500", olds, inputs({ key: `  ${TYPE}   ${BODY}   laptop of someone  ` }));
    expect(diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces on a title change, deleting first because the repository refuses the same key twice", async () => {
    expect(await provider.diff("1034500", olds, inputs({ title: "renamed" }))).toEqual({ changes: true, replaces: ["title"], deleteBeforeReplace: true });
  });

  it("replaces on canPush and application changes, which cannot be updated either", async () => {
    const diff = await provider.diff("1034500", olds, inputs({ canPush: true, application: "jenkins" }));
    expect(diff).toEqual({ changes: true, replaces: ["canPush", "application"], deleteBeforeReplace: true });
  });

  it("adds the new key before removing the old one when the key changes", async () => {
    expect(await provider.diff("1034500", olds, inputs({ key: ed25519Key() }))).toEqual({ changes: true, replaces: ["key"], deleteBeforeReplace: false });
  });

  it("adds first when the key moves to another repository", async () => {
    const diff = await provider.diff("1034500", olds, inputs({ repositoryId: 468481, repositoryUuid: "f".repeat(32) }));
    expect(diff).toEqual({ changes: true, replaces: ["repositoryId", "repositoryUuid"], deleteBeforeReplace: false });
  });

  it("replaces the key when a refresh saw another fingerprint under this id (swapped in the console)", async () => {
    const swapped = { ...olds, fingerprint: sshFingerprint(ed25519Key()) };
    expect(await provider.diff("1034500", swapped, inputs())).toEqual({ changes: true, replaces: ["key"], deleteBeforeReplace: false });
  });

  it("updates in place when only adoptExisting changes", async () => {
    expect(await provider.diff("1034500", olds, inputs({ adoptExisting: true }))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });
});
