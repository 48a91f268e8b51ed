import { readFileSync } from "fs";
import { join } from "path";
import { CODEARTSREPO_ENDPOINTS, GLOBAL_IAM_ENDPOINT, REGIONAL_IAM_REGIONS, codeArtsRepoEndpoint, iamEndpoint } from "../../api/regions";

/** Written by scripts/official-sdk/derive-test-data.py from the official SDK wheels. */
const official = JSON.parse(readFileSync(join(__dirname, "../data/official-sdk-regions.json"), "utf8")) as {
  source: { huaweicloudsdkcodeartsrepo: string; huaweicloudsdkcore: string };
  codeartsrepo: Record<string, string>;
  iam: Record<string, string>;
  iamDefault: string;
};

describe("region table", () => {
  it("names the official SDK's CodeArts Repo regions and endpoints, no more, no fewer", () => {
    expect(CODEARTSREPO_ENDPOINTS).toEqual(official.codeartsrepo);
  });

  it("gives each CodeArts Repo region the IAM endpoint the SDK core uses, the global one where the core has none", () => {
    for (const region of Object.keys(official.codeartsrepo)) {
      expect([region, iamEndpoint(region)]).toEqual([region, official.iam[region] ?? official.iamDefault]);
    }
    expect(Object.fromEntries(REGIONAL_IAM_REGIONS.map((region) => [region, iamEndpoint(region)]))).toEqual(official.iam);
    expect(GLOBAL_IAM_ENDPOINT).toBe(official.iamDefault);
  });

  it("is checked against the SDK version its comment names", () => {
    const header = readFileSync(join(__dirname, "../../api/regions.ts"), "utf8");
    expect(header).toContain(`Python SDK ${official.source.huaweicloudsdkcodeartsrepo}`);
  });

  it("knows no region outside the table, not even an inherited object key", () => {
    expect(codeArtsRepoEndpoint("xx-nowhere-1")).toBeUndefined();
    expect(codeArtsRepoEndpoint("constructor")).toBeUndefined();
  });
});
