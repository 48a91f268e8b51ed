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
});
