import { CodeArtsApiError } from "../../api/errors";
import { SshKeyInputs, SshKeyOutputs, provider } from "../../provider/ssh-key";
import { sameSshPublicKey, sshFingerprint } from "../../provider/ssh-public-key";
import { EmulatorFixture, freshClient, loseNextAnswer, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { ed25519Key, rsaKey } from "../support/ssh-keys";
import type { SshKeyV4 } from "../../wire/keys";

describe("SSHKey provider against the emulator", () => {
  let fixture: EmulatorFixture;
  const inputs = (over: Partial<SshKeyInputs> = {}) => SshKeyInputs.parse({ title: "laptop", key: ed25519Key(), ...over });
  /** Every key on the account, as the console sees it now. */
  const liveKeys = async () => {
    const keys: SshKeyV4[] = [];
    for (let more = true; more; ) {
      const page = await freshClient(fixture).call("listSshKeys", { query: { offset: keys.length, limit: 100 } });
      keys.push(...page.keys);
      more = page.keys.length === 100;
    }
    return keys;
  };

  beforeAll(async () => {
    fixture = await startFixture();
    newProviderRun(fixture);
  });
  afterAll(() => fixture.close());

  it("creates a key with a look at the list and one create, and reading it back shows no drift although the service re-spaced it", async () => {
    const [type, body] = ed25519Key().split(" ");
    const messy = `  ${type}    ${body}   my   laptop `;
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ key: messy }));
    // The look first: a key already on the account must not be taken for this one after a lost answer.
    expect(fixture.requests().byRoute).toEqual({ [routeKey("listSshKeys")]: 1, [routeKey("createSshKey")]: 1 });
    expect(outs).toEqual({ ...inputs({ key: messy }), keyId: id, fingerprint: sshFingerprint(messy) });
    expect((await liveKeys()).find((k) => String(k.id) === id)!.key).toBe(`${type} ${body} my laptop`);
    expect(await provider.read(id, outs as SshKeyOutputs)).toEqual({ id, props: outs });
  });

  it("reports a key deleted out of band as gone, and deleting it again as success", async () => {
    const { id, outs } = await provider.create(inputs());
    await fixture.admin.call("deleteSshKey", { params: { key_id: id } });
    expect(await provider.read(id, outs as SshKeyOutputs)).toEqual({});
    await expect(provider.delete(id, outs as SshKeyOutputs)).resolves.toBeUndefined();
  });

  it("reports another key text found under this id, so diff replaces it", async () => {
    const { id, outs } = await provider.create(inputs());
    const stateWithOtherKey = { ...(outs as SshKeyOutputs), key: rsaKey() };
    const read = await provider.read(id, stateWithOtherKey);
    expect(read.props!.key).toBe((outs as SshKeyOutputs).key);
    expect((await provider.diff(id, read.props!, SshKeyInputs.parse(stateWithOtherKey))).replaces).toEqual(["key"]);
  });

  it("refuses the same key twice for a user, explaining how to adopt", async () => {
    const key = ed25519Key("one");
    const first = await provider.create(inputs({ key }));
    fixture.resetRequests();
    const error = await provider.create(inputs({ key: key.replace(" one", ""), title: "again" })).catch((e) => e);
    expect(error.message).toMatch(new RegExp(`already on your account as SSH key ${first.id} \\(title "laptop"\\)\\. Set adoptExisting: true`));
    expect(fixture.requests().byRoute[routeKey("createSshKey")]).toBeUndefined();
  });

  it("adopts a key already on the account without adding it again", async () => {
    const key = ed25519Key();
    const added = await fixture.admin.call("createSshKey", { body: { key, title: "by hand" } });
    newProviderRun(fixture); // the provider's client may hold this list from a moment ago
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ key: `${key} with another comment`, adoptExisting: true }));
    expect(id).toBe(String(added.id));
    expect(outs).toMatchObject({ title: "by hand", adoptExisting: true });
    expect(fixture.requests().byRoute[routeKey("createSshKey")]).toBeUndefined();
  });

  it("reads 120 keys with one walk of the list's pages", async () => {
    const created = await Promise.all(Array.from({ length: 120 }, (_, i) => provider.create(inputs({ title: `k${i}` }))));
    const onAccount = (await liveKeys()).length;
    newProviderRun(fixture);
    fixture.resetRequests();
    const reads = await Promise.all(created.map(({ id, outs }) => provider.read(id, outs as SshKeyOutputs)));
    expect(reads.map((r) => r.id)).toEqual(created.map((c) => c.id));
    expect(fixture.requests().byRoute).toEqual({ [routeKey("listSshKeys")]: Math.ceil(onAccount / 100) });
    expect(Math.ceil(onAccount / 100)).toBe(2);
  });

  it("reads a key created by the v1 calls, whose id the state keeps as a string, and finds it by its text when V4 numbers it otherwise", async () => {
    const { id, outs } = await provider.create(inputs());
    // What the v1 version wrote: the same fields, the id as the v1 string.
    const v1State: SshKeyOutputs = { ...(outs as SshKeyOutputs), keyId: id };
    expect(await provider.read(id, v1State)).toEqual({ id, props: v1State });
    // Were the real service to number a key differently in V4 (undocumented), the key's text finds it.
    const read = await provider.read("v1-7f3a", { ...v1State, keyId: "v1-7f3a" });
    expect(read).toEqual({ id, props: v1State });
  });

  it("recovers from a lost create answer without adding the key twice", async () => {
    const key = ed25519Key("lost");
    await loseNextAnswer(fixture, routeKey("createSshKey"));
    fixture.resetRequests();
    const { id } = await provider.create(inputs({ key }));
    // One create, then the look-up by the key's text instead of a second create.
    expect(fixture.requests().byRoute[routeKey("createSshKey")]).toBe(1);
    expect(fixture.requests().byRoute[routeKey("listSshKeys")]).toBeGreaterThan(0);
    expect((await liveKeys()).filter((live) => sameSshPublicKey(live.key ?? undefined, key)).map((live) => String(live.id))).toEqual([id]);
  });

  it("surfaces other read errors instead of calling the key gone", async () => {
    const { id, outs } = await provider.create(inputs());
    newProviderRun(fixture, { token: "revoked" });
    const error = await provider.read(id, outs as SshKeyOutputs).catch((e) => e);
    newProviderRun(fixture);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
    expect((await liveKeys()).map((k) => String(k.id))).toContain(id);
  });
});
