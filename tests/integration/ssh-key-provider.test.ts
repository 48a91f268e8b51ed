import { clearTokenCache } from "../../provider/client";
import { CodeArtsApiError } from "../../provider/errors";
import { configureWith } from "../../provider/runtime";
import { SshKeyInputs, SshKeyOutputs, provider } from "../../provider/ssh-key";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { EmulatorFixture, freshClient, startFixture } from "../support/emulator";
import { ed25519Key, rsaKey } from "../support/ssh-keys";

describe("SSHKey provider against the emulator", () => {
  let fixture: EmulatorFixture;
  const connect = (token = "emulator-token") =>
    configureWith({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token } });
  const inputs = (over: Partial<SshKeyInputs> = {}) => SshKeyInputs.parse({ title: "laptop", key: ed25519Key(), ...over });
  const liveKeys = async () => (await freshClient(fixture).call("listSshKeys")).sshkey;

  beforeAll(async () => {
    fixture = await startFixture();
    clearTokenCache();
    connect();
  });
  afterAll(() => fixture.close());

  it("creates a key with one call, and reading it back shows no drift although the service re-spaced it", async () => {
    const [type, body] = ed25519Key().split(" ");
    const messy = `  ${type}    ${body}   my   laptop `;
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ key: messy }));
    expect(fixture.requests().byRoute).toEqual({ "POST /v1/users/sshkey": 1 });
    expect(outs).toEqual({ ...inputs({ key: messy }), keyId: id, fingerprint: sshFingerprint(messy) });
    expect((await liveKeys()).find((k) => k.id === id)!.key).toBe(`${type} ${body} my laptop`);
    expect(await provider.read(id, outs as SshKeyOutputs)).toEqual({ id, props: outs });
  });

  it("reports a key deleted out of band as gone, and deleting it again as success", async () => {
    const { id, outs } = await provider.create(inputs());
    await fixture.admin.call("deleteSshKey", { params: { id } });
    expect(await provider.read(id, outs as SshKeyOutputs)).toEqual({});
    await expect(provider.delete(id)).resolves.toBeUndefined();
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
    const error = await provider.create(inputs({ key: key.replace(" one", ""), title: "again" })).catch((e) => e);
    expect(error.message).toMatch(new RegExp(`already on your account as SSH key ${first.id} \\(title "laptop"\\)\\. Set adoptExisting: true`));
    expect(error.message).toMatch(/HTTP 400 CH\.010001/);
  });

  it("adopts a key already on the account without adding it again", async () => {
    const key = ed25519Key();
    const added = await fixture.admin.call("createSshKey", { body: { key, title: "by hand" } });
    connect(); // the provider's client may hold this list from a moment ago
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ key: `${key} with another comment`, adoptExisting: true }));
    expect(id).toBe(added.id);
    expect(outs).toMatchObject({ title: "by hand", adoptExisting: true });
    expect(fixture.requests().byRoute["POST /v1/users/sshkey"]).toBeUndefined();
  });

  it("reads 20 keys with one list call", async () => {
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => provider.create(inputs({ title: `k${i}` }))));
    connect();
    fixture.resetRequests();
    const reads = await Promise.all(created.map(({ id, outs }) => provider.read(id, outs as SshKeyOutputs)));
    expect(reads.map((r) => r.id)).toEqual(created.map((c) => c.id));
    expect(fixture.requests().byRoute).toEqual({ "GET /v1/users/sshkey": 1 });
  });

  it("surfaces other read errors instead of calling the key gone", async () => {
    const { id, outs } = await provider.create(inputs());
    connect("revoked");
    const error = await provider.read(id, outs as SshKeyOutputs).catch((e) => e);
    connect();
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
    expect((await liveKeys()).map((k) => k.id)).toContain(id);
  });
});
