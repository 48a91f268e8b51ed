/**
 * Label, the kind added in the descriptor shape, through the real Pulumi engine against the
 * emulator: up, no changes after up, a color changed in the console seen by a refreshing preview
 * and restored by up, a rename carried out in place (no replacement, same label id), destroy.
 */
import { resolve } from "node:path";
import { routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(300_000);

const programDir = resolve(__dirname, "programs", "label");

describe("Label through the Pulumi engine", () => {
  const { fixture, pulumi } = useE2eStack({ program: programDir });
  let repositoryId: number;

  const labels = async () => fixture.admin.call("listLabels", { params: { repository_id: repositoryId }, query: { limit: 100 } });
  const printed = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;

  it("creates both labels with `pulumi up`", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    repositoryId = outputs.repositoryId as number;
    expect((await labels()).map(({ name, color }) => [name, color]).sort()).toEqual([
      ["bug", "#d9534f"],
      ["security", "#000000"],
    ]);
    expect(outputs.bugLabelId).toBe((await labels()).find(({ name }) => name === "bug")!.id);
  });

  it("previews no changes right after up, and keeps the credential out of the state", async () => {
    const result = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(result.code).toBe(0);
    await expectNoPlainSecretsInState(pulumi, ["emulator-token"]);
  });

  it("sees a color changed in the console on a refreshing preview, and puts it back with up", async () => {
    await fixture.admin.call("updateLabel", { params: { repository_id: repositoryId }, body: { name: "security", color: "#00ff00" } });
    const preview = await pulumi.run(["preview", "--refresh", "--diff"], { allowFailure: true });
    // The refresh reads the console's color, and the plan puts the program's back.
    expect(printed(preview)).toMatch(/~ color\s*:\s*"#000000" => "#00ff00"/);
    expect(printed(preview)).toMatch(/~ 1 to update/);
    fixture.resetRequests();
    await pulumi.run(["up", "--refresh", "--yes"]);
    expect(fixture.requests().byRoute[routeKey("updateLabel")]).toBe(1);
    expect((await labels()).find(({ name }) => name === "security")?.color).toBe("#000000");
  });

  it("renames a label in place: one update call, no create or delete, the same label id", async () => {
    const before = (await labels()).find(({ name }) => name === "bug")!;
    await pulumi.run(["config", "set", "bugName", "defect"]);
    fixture.resetRequests();
    await pulumi.run(["up", "--yes"]);
    const calls = fixture.requests().byRoute;
    expect(calls[routeKey("updateLabel")]).toBe(1);
    expect(calls[routeKey("createLabel")]).toBeUndefined();
    expect(calls[routeKey("deleteLabel")]).toBeUndefined();
    expect((await labels()).find(({ name }) => name === "defect")?.id).toBe(before.id);
    const settled = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(settled.code).toBe(0);
  });

  it("deletes both labels on destroy", async () => {
    fixture.resetRequests();
    await pulumi.run(["destroy", "--yes"]);
    expect(fixture.requests().byRoute[routeKey("deleteLabel")]).toBe(2);
  });
});
