import { TrustedIpAddressInputs, TrustedIpAddressOutputs, provider } from "../../provider/trusted-ip-address";
import { EmulatorFixture, faultReport, freshClient, planFaults, routeKey, startFixture } from "../support/emulator";
import { parentRepository } from "../support/child-resources";
import { newProviderRun } from "../support/provider";
import { expectCallsPerResource } from "../support/calls-per-resource";

const LIST = routeKey("listTrustedIpAddresses");
const CREATE = routeKey("createTrustedIpAddress");
const UPDATE = routeKey("updateTrustedIpAddress");

describe("TrustedIpAddress provider against the emulator", () => {
  let fixture: EmulatorFixture;
  let repository: { repositoryId: number; repositoryUuid: string };

  const inputs = (over: Record<string, unknown> = {}) => TrustedIpAddressInputs.parse({ ...repository, type: "cidr", start: "198.51.100.0/24", allowUpload: false, ...over });
  const listed = () => freshClient(fixture).paginate("listTrustedIpAddresses", { params: { repository_id: repository.repositoryId } });

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    newProviderRun(fixture);
    repository = await parentRepository(fixture, "allowlisted");
  });
  afterAll(() => fixture.close());

  it("creates an entry with a look at the list and one create, sending only what the program sets, and reads it back", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ remark: "office" }));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1, [CREATE]: 1 });
    expect(outs).toEqual({ ...inputs({ remark: "office" }), ipId: expect.any(String), ipRange: "198.51.100.0/24" });
    expect(outs).not.toHaveProperty("allowView");
    expect(id).toBe(`${repository.repositoryId}/${outs.ipId}`);
    expect((await listed()).find((entry) => entry.id === outs.ipId)).toMatchObject({ ip_type: 2, ip_start: "198.51.100.0/24", upload_flag: 0, remark: "office" });
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({ id, props: outs });
  });

  it("creates and refreshes five entries of a repository at up to 1.2 calls each, and a refresh at one list for all", async () => {
    await expectCallsPerResource(fixture, "trusted addresses", provider, Array.from({ length: 5 }, (_, i) => inputs({ type: "ip", start: `192.0.2.${10 + i}` })), { list: "listTrustedIpAddresses", create: "createTrustedIpAddress" });
  });

  it("shows a console change of what the program sets, ignores one it leaves to the service, and puts it back with one update", async () => {
    const { id, outs } = await provider.create(inputs({ type: "range", start: "203.0.113.1", end: "203.0.113.9" }));
    await freshClient(fixture).call("updateTrustedIpAddress", {
      params: { repository_id: repository.repositoryId, ip_id: Number(outs.ipId) },
      body: { ip_type: 2, ip_start: "0.0.0.0/0", upload_flag: 1, view_flag: 0 },
    });
    newProviderRun(fixture);
    const read = (await provider.read(id, outs)).props as TrustedIpAddressOutputs;
    expect(read).toMatchObject({ type: "cidr", start: "0.0.0.0/0", allowUpload: true });
    expect(read).not.toHaveProperty("end");
    expect(read).not.toHaveProperty("allowView");
    const wanted = inputs({ type: "range", start: "203.0.113.1", end: "203.0.113.9" });
    expect((await provider.diff(id, read, wanted)).changes).toBe(true);
    fixture.resetRequests();
    const { outs: restored } = await provider.update(id, read, wanted);
    expect(fixture.requests().byRoute).toEqual({ [UPDATE]: 1 });
    expect(restored).toMatchObject({ type: "range", start: "203.0.113.1", end: "203.0.113.9", allowUpload: false, ipId: outs.ipId });
  });

  it("refuses an address someone else listed, saying how to adopt, and adopts it with the look alone when it already is as the program says", async () => {
    const existing = await freshClient(fixture).call("createTrustedIpAddress", { params: { repository_id: repository.repositoryId }, body: { ip_type: 0, ip_start: "192.0.2.200", upload_flag: 0 } });
    newProviderRun(fixture);
    fixture.resetRequests();
    await expect(provider.create(inputs({ type: "ip", start: "192.0.2.200" }))).rejects.toThrow(
      `Repository ${repository.repositoryId} already trusts 192.0.2.200 (entry ${existing.id}). Set adoptExisting: true`,
    );
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
    newProviderRun(fixture);
    fixture.resetRequests();
    const { outs } = await provider.create(inputs({ type: "ip", start: "192.0.2.200", adoptExisting: true }));
    expect(fixture.requests().byRoute).toEqual({ [LIST]: 1 });
    expect(outs).toMatchObject({ ipId: existing.id, allowUpload: false, adoptExisting: true });
  });

  it("takes the entry found after a lost create answer for its own, creating it once", async () => {
    await planFaults(fixture, { route: "createTrustedIpAddress", kind: "answer-lost", times: 1 });
    newProviderRun(fixture);
    const { outs } = await provider.create(inputs({ type: "ip", start: "192.0.2.250" }));
    expect((await faultReport(fixture)).faults.map(({ kind, fired }) => [kind, fired])).toEqual([["answer-lost", 1]]);
    expect((await listed()).filter((entry) => entry.ip_start === "192.0.2.250").map((entry) => entry.id)).toEqual([outs.ipId]);
  });

  it("deletes it, reads it as gone after, and deleting again is success", async () => {
    const { id, outs } = await provider.create(inputs({ type: "ip", start: "192.0.2.99" }));
    await provider.delete(id, outs);
    expect((await listed()).map((entry) => entry.id)).not.toContain(outs.ipId);
    newProviderRun(fixture);
    expect(await provider.read(id, outs)).toEqual({});
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
  });

  it("refuses bad input at check with no call, naming the field and the rule", async () => {
    fixture.resetRequests();
    const check = async (over: Record<string, unknown>) => (await provider.check({}, { ...repository, type: "ip", start: "192.0.2.1", ...over })).failures;
    expect(await check({ type: "subnet" })).toEqual([{ property: "type", reason: 'must be "ip", "range", "cidr"' }]);
    expect(await check({ start: "not-an-ip" })).toEqual([{ property: "start", reason: "must be an IPv4 or IPv6 address" }]);
    expect(await check({ type: "cidr", start: "10.0.0.0/33" })).toEqual([{ property: "start", reason: "must be a CIDR block such as 10.0.0.0/8" }]);
    expect(await check({ type: "range" })).toEqual([{ property: "end", reason: 'must be an IPv4 or IPv6 address: a "range" needs its last address' }]);
    expect(await check({ end: "192.0.2.9" })).toEqual([{ property: "end", reason: 'applies only to type "range": leave it out' }]);
    expect(await check({ remark: "r".repeat(201) })).toEqual([{ property: "remark", reason: "must be at most 200 characters long" }]);
    expect(fixture.requests().total).toBe(0);
  });
});
