import type * as pulumi from "@pulumi/pulumi";
import { learnedRoles } from "../../provider/protection-roles";
import { apiClient, configure, providerContext } from "../../provider/runtime";

const request = (settings: Record<string, string>) =>
  ({ config: { get: (key: string) => settings[key] } }) as unknown as pulumi.dynamic.ConfigureRequest;

describe("provider runtime", () => {
  it("shares one client between the resource kinds a process configures with the same settings", async () => {
    const settings = { "codeartsrepo:endpoint": "http://127.0.0.1:9", "codeartsrepo:token": "t-1" };
    await configure(request(settings)); // e.g. the Repository provider
    const first = apiClient();
    await configure(request({ ...settings })); // then the Member provider, in the same process
    expect(apiClient()).toBe(first);
  });

  it("makes a new client when the settings differ", async () => {
    await configure(request({ "codeartsrepo:endpoint": "http://127.0.0.1:9", "codeartsrepo:token": "t-1" }));
    const first = apiClient();
    await configure(request({ "codeartsrepo:endpoint": "http://127.0.0.1:9", "codeartsrepo:token": "t-2" }));
    expect(apiClient()).not.toBe(first);
  });

  it("starts a new context when the settings change, carrying nothing learned under the old ones", async () => {
    await configure(request({ "codeartsrepo:endpoint": "http://127.0.0.1:9", "codeartsrepo:token": "t-1" }));
    const before = providerContext();
    before.memo(learnedRoles).set(7, Promise.resolve({ repositoryId: 7, roles: [{ id: "r1", name: "Developer" }] }));
    await configure(request({ "codeartsrepo:endpoint": "http://127.0.0.1:9", "codeartsrepo:token": "t-1" }));
    expect(providerContext()).toBe(before);
    await configure(request({ "codeartsrepo:endpoint": "http://127.0.0.1:9", "codeartsrepo:token": "t-3" }));
    expect(providerContext()).not.toBe(before);
    expect(providerContext().memo(learnedRoles).size).toBe(0);
  });
});
