import * as pulumi from "@pulumi/pulumi";
import { providerShim } from "../../provider/shim";

describe("serialized provider", () => {
  it("is small and captures nothing but the resource kind", async () => {
    process.env.HW_AUTH_TOKEN = "token-that-must-not-be-captured";
    const shim = providerShim("repository");
    const { text } = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: false });
    expect(text.length).toBeLessThanOrEqual(2048);
    expect(text).toContain('"pulumi-codeartsrepo/provider/" + resource');
    expect(text).toContain('resource: "repository"');
    expect(text).not.toContain("token-that-must-not-be-captured");
    expect(text).not.toMatch(/got|zod|CodeArtsClient/);
    delete process.env.HW_AUTH_TOKEN;
  });

  it("is one object per kind, so a program serializes each kind once, and none drags the others along", async () => {
    expect(providerShim("member")).toBe(providerShim("member"));
    expect(providerShim("webhook")).not.toBe(providerShim("member"));
    const shim = providerShim("deploy-key");
    const { text } = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: false });
    expect(text).toContain('resource: "deploy-key"');
    expect(text).not.toMatch(/resource: "(member|webhook)"/);
  });
});
