import { DeployKeyInputs, DeployKeyOutputs, provider } from "../../provider/deploy-key";
import { CodeArtsApiError } from "../../api/errors";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { EmulatorFixture, callLog, faultReport, freshClient, planFaults, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { ed25519Key, rsaKey } from "../support/ssh-keys";

const LIST_ROUTE = routeKey("listDeployKeys");
const CREATE_ROUTE = routeKey("createDeployKey");

describe("DeployKey provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryId: number; repositoryUuid: string };

  async function newRepository(name: string) {
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name, project_uuid: fixture.projectId } });
    const info = await fixture.admin.call("showRepository", { params: { repository_uuid } });
    return { repositoryId: info.repository_id, repositoryUuid: repository_uuid };
  }
  const listed = async (repositoryId = repository.repositoryId) =>
    freshClient(fixture).call("listDeployKeys", { params: { repository_id: repositoryId }, query: { limit: 100 } });
  const inputs = (over: Partial<DeployKeyInputs> = {}) => DeployKeyInputs.parse({ ...repository, title: "ci", key: ed25519Key(), ...over });

  beforeAll(async () => {
    fixture = await startFixture();
    newProviderRun(fixture);
    repository = await newRepository("keys-repo");
  });
  afterAll(() => fixture.close());

  it("creates a deploy key with a look at the list and one create, and returns its string id and SHA256 fingerprint", async () => {
    const key = ed25519Key("ci@example");
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ key, canPush: true, application: "jenkins" }));
    expect(id).toMatch(/^\d+$/);
    expect(outs).toEqual({
      ...inputs({ key, canPush: true, application: "jenkins" }),
      keyId: id,
      fingerprint: sshFingerprint(key),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    // The look first: a key already deployed must not be taken for this one after a lost answer.
    expect(fixture.requests().byRoute).toEqual({ [LIST_ROUTE]: 1, [CREATE_ROUTE]: 1 });
    expect((await listed()).find((k) => String(k.id) === id)).toMatchObject({ title: "ci", fingerprint: sshFingerprint(key) });
  });

  it("reads back exactly what it created, so a refresh shows no drift", async () => {
    const { id, outs } = await provider.create(inputs({ title: "stable" }));
    expect(await provider.read(id, outs as DeployKeyOutputs)).toEqual({ id, props: outs });
  });

  it("reports a key deleted out of band, or with its repository, as gone", async () => {
    const { id, outs } = await provider.create(inputs());
    await fixture.admin.call("deleteDeployKey", { params: { repository_id: repository.repositoryId, key_id: id } });
    expect(await provider.read(id, outs as DeployKeyOutputs)).toEqual({});

    const doomed = await newRepository("doomed-keys");
    const created = await provider.create(inputs({ ...doomed }));
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: doomed.repositoryUuid } });
    expect(await provider.read(created.id, created.outs as DeployKeyOutputs)).toEqual({});
  });

  it("records the live fingerprint when the key under this id is another key, so diff replaces it", async () => {
    const { id, outs } = await provider.create(inputs());
    const stateWithOtherKey = { ...(outs as DeployKeyOutputs), key: rsaKey() };
    const read = await provider.read(id, stateWithOtherKey);
    expect(read.props!.fingerprint).toBe((outs as DeployKeyOutputs).fingerprint);
    const diff = await provider.diff(id, read.props!, DeployKeyInputs.parse(stateWithOtherKey));
    expect(diff.replaces).toEqual(["key"]);
  });

  it("treats deleting an already deleted key as success", async () => {
    const { id, outs } = await provider.create(inputs());
    await provider.delete(id, outs as DeployKeyOutputs);
    await expect(provider.delete(id, outs as DeployKeyOutputs)).resolves.toBeUndefined();
    expect((await listed()).map((k) => String(k.id))).not.toContain(id);
  });

  it("refuses the same key twice in a repository, whatever its comment, explaining how to adopt", async () => {
    const key = ed25519Key("first");
    const first = await provider.create(inputs({ key }));
    fixture.resetRequests();
    const error = await provider.create(inputs({ key: key.replace("first", "second comment"), title: "again" })).catch((e) => e);
    expect(error.message).toMatch(
      new RegExp(`already a deploy key of repository ${repository.repositoryId} \\(key id ${first.id}, title "ci"\\)\\. Set adoptExisting: true`),
    );
    expect(fixture.requests().byRoute[CREATE_ROUTE]).toBeUndefined();
    expect((await listed()).filter((k) => k.fingerprint === sshFingerprint(key))).toHaveLength(1);
  });

  it("adopts the deployed key instead of adding it again when asked", async () => {
    const key = ed25519Key();
    const { key_id } = await fixture.admin.call("createDeployKey", {
      params: { repository_id: repository.repositoryId },
      body: { key, key_title: "from the console", can_push: false, application: "" },
    });
    newProviderRun(fixture); // the provider's client may hold this list from a moment ago
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ key, adoptExisting: true }));
    expect(id).toBe(key_id);
    expect(outs).toMatchObject({ keyId: key_id, title: "from the console", adoptExisting: true });
    expect(fixture.requests().byRoute[routeKey("createDeployKey")]).toBeUndefined();
  });

  describe("a create whose outcome is unknown", () => {
    afterEach(() => planFaults(fixture));

    it("takes the key found after a lost answer for its own: it was not deployed just before", async () => {
      const key = ed25519Key("lost");
      await planFaults(fixture, { route: "createDeployKey", kind: "answer-lost" });
      newProviderRun(fixture); // a new run: its look is a call of its own, not a list this client read moments ago
      fixture.resetRequests();
      const { id } = await provider.create(inputs({ key }));
      expect(await callLog(fixture)).toEqual(["listDeployKeys 200", "createDeployKey dropped (answer-lost)", "listDeployKeys 200"]);
      expect((await listed()).filter((k) => k.fingerprint === sshFingerprint(key)).map((k) => String(k.id))).toEqual([id]);
    });

    it("never takes a key deployed before for its own: refused, the 503 planned for the create never sent", async () => {
      // Looked up after the 503, the fingerprint would show this key, as if the create had made it.
      const key = ed25519Key("theirs");
      const theirs = await fixture.admin.call("createDeployKey", {
        params: { repository_id: repository.repositoryId },
        body: { key, key_title: "someone else's", can_push: false, application: "" },
      });
      newProviderRun(fixture); // a new run: the provider's client holds no list from before that key
      await planFaults(fixture, { route: "createDeployKey", kind: "status", status: 503 });
      fixture.resetRequests();
      const error = await provider.create(inputs({ key })).catch((e) => e);
      expect(error.message).toMatch(new RegExp(`already a deploy key of repository ${repository.repositoryId} \\(key id ${theirs.key_id}, title "someone else's"\\)`));
      expect(await callLog(fixture)).toEqual(["listDeployKeys 200"]);
      expect((await faultReport(fixture)).faults.map((fault) => fault.fired)).toEqual([0]);
      expect((await listed()).filter((k) => k.fingerprint === sshFingerprint(key)).map((k) => String(k.id))).toEqual([theirs.key_id]);
    });
  });

  it("refuses to add a key when adopting with an expectedFingerprint no listed key has", async () => {
    const key = ed25519Key();
    newProviderRun(fixture);
    fixture.resetRequests();
    await expect(provider.create(inputs({ key, adoptExisting: true, expectedFingerprint: sshFingerprint(key) }))).rejects.toThrow(
      `Repository ${repository.repositoryId} lists no deploy key with fingerprint ${sshFingerprint(key)} (expectedFingerprint), so there is nothing to adopt; nothing was added.`,
    );
    expect(Object.keys(fixture.requests().byRoute)).toEqual([routeKey("listDeployKeys")]);
  });

  it("reads 30 keys of one repository with one list call", async () => {
    const many = await newRepository("many-keys");
    const created = await Promise.all(Array.from({ length: 30 }, (_, i) => provider.create(inputs({ ...many, title: `k${i}` }))));
    newProviderRun(fixture); // a fresh client, as in a new `pulumi refresh`
    fixture.resetRequests();
    const reads = await Promise.all(created.map(({ id, outs }) => provider.read(id, outs as DeployKeyOutputs)));
    expect(reads.every((read, i) => read.id === created[i].id)).toBe(true);
    expect(fixture.requests().byRoute).toEqual({ [LIST_ROUTE]: 1 });
  });

  it("walks the list's pages to find a key beyond the first 100", async () => {
    const big = await newRepository("big-keys");
    const created = [];
    for (let i = 0; i < 101; i++) created.push(await provider.create(inputs({ ...big, title: `k${i}` })));
    newProviderRun(fixture);
    fixture.resetRequests();
    const last = created[100];
    expect((await provider.read(last.id, last.outs as DeployKeyOutputs)).id).toBe(last.id);
    expect(fixture.requests().byRoute).toEqual({ [LIST_ROUTE]: 2 });
  });

  it("surfaces other read errors instead of calling the key gone", async () => {
    const { id, outs } = await provider.create(inputs());
    newProviderRun(fixture, { token: "revoked" });
    const error = await provider.read(id, outs as DeployKeyOutputs).catch((e) => e);
    newProviderRun(fixture);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
  });

  it("refuses a malformed key at the emulator too, as the service would", async () => {
    const error = await fixture.admin
      .call("createDeployKey", { params: { repository_id: repository.repositoryId }, body: { key: "ssh-rsa AAAA", key_title: "x", can_push: false, application: "" } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(400);
  });
});
