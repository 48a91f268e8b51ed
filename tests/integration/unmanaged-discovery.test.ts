/**
 * Unmanaged-object discovery (gitops/unmanaged.ts) against the emulator, with a real client: it
 * loops over the registry's descriptors, reuses what the refresh captured, and reads a list only
 * where the capture leaves it open. A kind no program declares (labels, here) costs no call where
 * the repository's V4 answer already says it holds none.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CapturedListAnswer, CodeArtsClient, LIST_CAPTURE_ENV } from "../../api/client";
import { DEFAULTS } from "../../emulator";
import { CapturedLists, findUnmanaged } from "../../gitops/unmanaged";
import type { StackResource } from "../../gitops/stack";
import type { Finding } from "../../gitops/report";
import type { PagedRouteName } from "../../api/routes";
import { RESOURCES } from "../../provider/registry";
import { parentRepository } from "../support/child-resources";
import { EmulatorFixture, routeKey, startFixture } from "../support/emulator";

describe("unmanaged objects, from the registry's lists", () => {
  let fixture: EmulatorFixture;
  let dir: string;
  let repository: { repositoryId: number; repositoryUuid: string };
  const client = () => new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: DEFAULTS.token }, coalesceTtlMs: 0 });
  const stackRepository = (): StackResource => ({ urn: "urn:repo", resourceType: "Repository", name: "repo", inputs: {}, bookkeeping: {}, outputs: { name: "tidy", defaultBranch: "master", ...repository } });

  /** What a refresh would capture: every list and the repository's V4 answer, read through a capturing client. */
  async function refreshCapture(more: (reader: CodeArtsClient) => Promise<unknown> = async () => undefined): Promise<CapturedLists> {
    const file = join(dir, `capture-${Date.now()}-${Math.random()}.jsonl`);
    process.env[LIST_CAPTURE_ENV] = file;
    try {
      const reader = client();
      await more(reader);
      await reader.call("showRepositoryV4", { params: { repository_id: repository.repositoryId } });
      // A refresh of a stack declaring every repository kind but labels reads every list but the
      // label list (and, declaring no project webhook, no project's list).
      const repositoryKinds = RESOURCES.map(({ report }) => report).filter(({ holder }) => holder !== "project");
      for (const { unmanaged } of repositoryKinds.filter(({ unmanaged }) => unmanaged && unmanaged.list !== "listLabels")) {
        await reader.paginate(unmanaged!.list as PagedRouteName, { params: { repository_id: repository.repositoryId } as never });
      }
    } finally {
      delete process.env[LIST_CAPTURE_ENV];
    }
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as CapturedListAnswer);
    return new CapturedLists(lines);
  }

  beforeAll(async () => {
    fixture = await startFixture({ creationDelayMs: 0 });
    dir = mkdtempSync(join(tmpdir(), "unmanaged-"));
    repository = await parentRepository(fixture, "tidy");
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await fixture.close();
  });

  it("reads no list at all when the capture holds every list and the V4 answer counts no labels", async () => {
    const captured = await refreshCapture();
    fixture.resetRequests();
    let clientsMade = 0;
    const findings = await findUnmanaged([stackRepository()], [stackRepository()], captured, async () => (clientsMade++, client()));
    expect(clientsMade).toBe(0);
    expect(fixture.requests().total).toBe(0);
    expect(findings).toEqual([]);
  });

  it("reads the label list once the V4 answer counts labels, and reports the ones no resource declares", async () => {
    await fixture.admin.call("createLabel", { params: { repository_id: repository.repositoryId }, body: { name: "console-made", color: "#123456" } });
    const captured = await refreshCapture();
    // The capture kept only the counts of the V4 answer, never its other fields (an import URL may hold a credential).
    expect(captured.repository(repository.repositoryId)).toEqual({ id: repository.repositoryId, label_count: 1 });
    fixture.resetRequests();
    const findings = await findUnmanaged([stackRepository()], [stackRepository()], captured, async () => client());
    expect(fixture.requests().byRoute).toEqual({ [routeKey("listLabels")]: 1 });
    expect(findings).toEqual([
      expect.objectContaining({ kind: "unmanaged", resourceType: "Label", name: "console-made", object: "tidy · label console-made", severity: "low" }),
    ]);
  });

  it("does not report a label the stack declares", async () => {
    const declared: StackResource = { urn: "urn:label", resourceType: "Label", name: "made", inputs: {}, bookkeeping: {}, outputs: { ...repository, name: "console-made", labelId: 1 } };
    const captured = await refreshCapture();
    const findings = await findUnmanaged([stackRepository(), declared], [stackRepository()], captured, async () => client());
    expect(findings).toEqual([]);
  });

  it("reads a protection rule no resource declares as inherited, not reported, where the repository inherits protected branches: one inherit-setting read", async () => {
    const params = { repository_id: repository.repositoryId };
    await fixture.admin.call("createBranch", { params, body: { branch_name: "develop", ref: "master" } });
    await fixture.admin.call("createProtectedBranches", { params, body: { names: ["develop"] } });
    const inherits = (inheritMod: string) =>
      fetch(`${fixture.emulator.url}/__emulator/inherit-setting`, { method: "PUT", body: JSON.stringify({ repositoryId: repository.repositoryId, name: "protected_branches", inheritMod }) });
    try {
      // Its own rule: reported, after one look at what the repository inherits.
      const capturedOwn = await refreshCapture();
      fixture.resetRequests();
      const own = await findUnmanaged([stackRepository()], [stackRepository()], capturedOwn, async () => client());
      expect(own.filter((finding) => finding.resourceType === "ProtectedBranch").map((finding) => finding.name)).toEqual(["develop"]);
      expect(fixture.requests().byRoute[routeKey("showRepositoryInheritSetting")]).toBe(1);

      expect((await inherits("inherit")).ok).toBe(true);
      const captured = await refreshCapture();
      fixture.resetRequests();
      const notes: string[] = [];
      const findings = await findUnmanaged([stackRepository()], [stackRepository()], captured, async () => client(), notes);
      expect(findings.filter((finding) => finding.resourceType === "ProtectedBranch")).toEqual([]);
      expect(fixture.requests().byRoute[routeKey("showRepositoryInheritSetting")]).toBe(1);
      expect(notes).toEqual([
        'tidy: 1 protected branch(s) no resource declares were read as inherited, not reported: the repository\'s inherit-setting "protected_branches" is "inherit" (they come from its project or group; manage them there).',
      ]);
    } finally {
      await inherits("custom");
      await fixture.admin.call("deleteProtectedBranch", { params, query: { branch_name: "develop" } });
    }
  });

  describe("of a project the stack declares project webhooks in", () => {
    const declaredHook = (hookId: number): StackResource => ({
      urn: `urn:project-hook-${hookId}`,
      resourceType: "ProjectWebhook",
      name: `hook-${hookId}`,
      inputs: {},
      bookkeeping: {},
      outputs: { projectId: fixture.projectId.toUpperCase(), url: "https://declared.example.com/h", hookId },
    });

    /** What a refresh of the repository and of the declared hooks captures: the project's list too, once. */
    const projectCapture = () => refreshCapture((reader) => reader.paginate("listProjectWebhooks", { params: { project_id: fixture.projectId } }));

    // The repository holds a console-made label from the tests above, whose list these read as before.
    const projectFindings = (findings: Finding[]) => findings.filter((finding) => finding.resourceType === "ProjectWebhook");

    it("reports a hook no resource declares (high), from the list the refresh read, at no call of its own", async () => {
      const declared = await fixture.admin.call("createProjectWebhook", { params: { project_id: fixture.projectId }, body: { url: "https://declared.example.com/h", push_events: true } });
      await fixture.admin.call("createProjectWebhook", { params: { project_id: fixture.projectId }, body: { url: "https://exfil.example.net/h", name: "audit", note_events: true } });
      const captured = await projectCapture();
      fixture.resetRequests();
      const findings = await findUnmanaged([stackRepository(), declaredHook(declared.id)], [stackRepository()], captured, async () => client());
      expect(fixture.requests().byRoute[routeKey("listProjectWebhooks")]).toBeUndefined();
      expect(projectFindings(findings)).toEqual([
        expect.objectContaining({
          kind: "unmanaged",
          resourceType: "ProjectWebhook",
          name: "audit",
          object: `project ${fixture.projectId} · project webhook audit`,
          severity: "high",
          rule: "webhook-unmanaged",
        }),
      ]);
      expect(projectFindings(findings)[0]).not.toHaveProperty("identity");
    });

    it("reads a project's list where the refresh did not, and no project's where the stack declares none", async () => {
      const withoutProjectList = await refreshCapture();
      fixture.resetRequests();
      const withHook = await findUnmanaged([stackRepository(), declaredHook(-1)], [stackRepository()], withoutProjectList, async () => client());
      expect(fixture.requests().byRoute[routeKey("listProjectWebhooks")]).toBe(1);
      expect(projectFindings(withHook).map((finding) => finding.name).sort()).toEqual(["audit", "https://declared.example.com/h"]);
      const captured = await refreshCapture();
      fixture.resetRequests();
      expect(projectFindings(await findUnmanaged([stackRepository()], [stackRepository()], captured, async () => client()))).toEqual([]);
      expect(fixture.requests().byRoute[routeKey("listProjectWebhooks")]).toBeUndefined();
    });
  });
});
