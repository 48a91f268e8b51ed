/**
 * A configuration problem is not reported by `configure` (which the host calls before anything
 * else, preview included) but by the first operation that needs the API, so that `check` still
 * reports bad inputs first. A file of its own: the provider runtime must not have been configured
 * by an earlier test of the same module registry.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CodeArtsConfigError } from "../../api/errors";
import { MemberInputs, provider as memberProvider } from "../../provider/member";
import { RepositoryInputs, RepositoryOutputs, provider as repositoryProvider } from "../../provider/repository";
import { configure } from "../../provider/runtime";
import { settings } from "../../api/config";
import { EmulatorFixture, startFixture } from "../support/emulator";

describe("a provider configured with a bad setting", () => {
  let fixture: EmulatorFixture;
  const savedEnvironment: Record<string, string | undefined> = {};

  beforeAll(async () => {
    // Only the stack config below may configure the provider.
    for (const name of Object.values(settings).flatMap((setting) => setting.env)) {
      savedEnvironment[name] = process.env[name];
      delete process.env[name];
    }
    fixture = await startFixture({ creationDelayMs: 0 });
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(savedEnvironment)) if (value !== undefined) process.env[name] = value;
    await fixture.close();
  });

  const stackConfig = (values: Record<string, string>) => ({ config: { get: (key: string) => values[key] } }) as unknown as pulumi.dynamic.ConfigureRequest;
  const expectedMessage = 'codeartsrepo:maxRetries (or HW_MAX_RETRIES) must be a whole number from 0 to 20; got "many"';

  it("configures without complaint, and still checks inputs, with no API call", async () => {
    await expect(
      configure(stackConfig({ "codeartsrepo:endpoint": fixture.emulator.url, "codeartsrepo:token": "emulator-token", "codeartsrepo:maxRetries": "many" })),
    ).resolves.toBeUndefined();
    const bad = await repositoryProvider.check({}, { projectId: fixture.projectId, name: "1-starts-with-a-digit" });
    expect(bad.failures).toEqual([
      { property: "name", reason: "must start with a letter and contain only letters, digits, '-' and '_'" },
    ]);
    expect(fixture.requests().total).toBe(0);
  });

  it("reports the setting, its rule and the value given at the first operation that needs the API, of every kind", async () => {
    const create = await repositoryProvider.create(RepositoryInputs.parse({ projectId: fixture.projectId, name: "never-made" })).catch((e) => e);
    expect(create).toBeInstanceOf(CodeArtsConfigError);
    expect(create.message).toBe(expectedMessage);
    expect(create.message).not.toContain("emulator-token");

    const read = await repositoryProvider.read("0".repeat(32), { projectId: fixture.projectId } as RepositoryOutputs).catch((e) => e);
    expect(read).toBeInstanceOf(CodeArtsConfigError);
    expect(read.message).toBe(expectedMessage);

    const member = await memberProvider
      .create(MemberInputs.parse({ repositoryUuid: "0".repeat(32), repositoryId: 1, userId: "0".repeat(32), userName: "alice", role: "developer" }))
      .catch((e) => e);
    expect(member).toBeInstanceOf(CodeArtsConfigError);
    expect(member.message).toBe(expectedMessage);

    expect(fixture.requests().total).toBe(0);
  });

  it("works once configured again with good settings", async () => {
    await configure(stackConfig({ "codeartsrepo:endpoint": fixture.emulator.url, "codeartsrepo:token": "emulator-token" }));
    const { outs } = await repositoryProvider.create(RepositoryInputs.parse({ projectId: fixture.projectId, name: "made-after-fix" }));
    expect(outs).toMatchObject({ name: "made-after-fix", status: "ok" });
  });
});
