import { TrustedIpAddressInputs, TrustedIpAddressOutputs, provider, trustedIpAddress } from "../../provider/trusted-ip-address";

const valid = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef", type: "ip", start: "192.0.2.1" };

describe("TrustedIpAddress check", () => {
  it("accepts an address, a range and a CIDR block of IPv4 or IPv6, leaving out what the program does", async () => {
    for (const entry of [{}, { type: "range", start: "192.0.2.1", end: "192.0.2.9" }, { type: "cidr", start: "2001:db8::/32" }, { start: "2001:db8::1" }]) {
      const result = await provider.check({}, { ...valid, ...entry });
      expect(result).toEqual({ inputs: { ...valid, ...entry, adoptExisting: false }, failures: [] });
    }
  });

  it("names the field when the address does not fit its type", async () => {
    expect((await provider.check({}, { ...valid, type: "cidr", start: "192.0.2.1" })).failures).toEqual([{ property: "start", reason: "must be a CIDR block such as 10.0.0.0/8" }]);
    expect((await provider.check({}, { ...valid, start: "" })).failures).toEqual([{ property: "start", reason: "must not be empty" }]);
  });
});

describe("TrustedIpAddress diff", () => {
  const olds: TrustedIpAddressOutputs = { ...TrustedIpAddressInputs.parse({ ...valid, allowUpload: false }), ipId: "7", ipRange: "192.0.2.1" };
  const news = (over: Record<string, unknown> = {}) => TrustedIpAddressInputs.parse({ ...valid, allowUpload: false, ...over });

  it("sees no change when nothing changed", async () => {
    expect(await provider.diff("468480/7", olds, news())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it.each([{ start: "192.0.2.2" }, { type: "cidr", start: "192.0.2.0/24" }, { allowUpload: true }, { remark: "office" }])("updates %j in place", async (over) => {
    expect(await provider.diff("468480/7", olds, news(over))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces when the repository changes", async () => {
    expect(await provider.diff("468480/7", olds, news({ repositoryId: 9, repositoryUuid: "f".repeat(32) }))).toEqual({
      changes: true,
      replaces: ["repositoryId", "repositoryUuid"],
      deleteBeforeReplace: false,
    });
  });

  it("is looked for as unmanaged only where the stack declares entries, and named by its address", () => {
    expect(trustedIpAddress.report.unmanaged).toMatchObject({ list: "listTrustedIpAddresses", onlyWhereDeclared: true });
    expect(trustedIpAddress.report.key).toEqual(["start"]);
  });
});
