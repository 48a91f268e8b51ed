import { CodeArtsApiError, CodeArtsCreationTimeoutError } from "../../api/errors";
import { RepositoryInputs, RepositoryOutputs, provider } from "../../provider/repository";
import { PollSchedule } from "../../provider/runtime";
import { EmulatorFixture, callLog, faultReport, listRepositoryNames, planFaults, startFixture, routeKey } from "../support/emulator";
import { newProviderRun } from "../support/provider";
import { asSecret, revealed } from "../../provider/secrets";

describe("Repository provider against the emulator", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startFixture();
  });
  // Each test is a run of its own, as each `pulumi up` is a provider process of its own: the run's
  // listing of the project is taken by its first create or read.
  beforeEach(() => newProviderRun(fixture));
  afterAll(() => fixture.close());

  const settings = async (patch: object) => {
    const response = await fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify(patch) });
    expect(response.ok).toBe(true);
  };
  const consoleEdit = async (edit: object) => {
    const response = await fetch(`${fixture.emulator.url}/__emulator/console/repository`, { method: "PUT", body: JSON.stringify(edit) });
    expect(response.ok).toBe(true);
  };
  /** The name check before a run's first create: its listing of the project (§4.3.4). */
  const NAME_CHECK = routeKey("listProjectRepositories");
  const inputs = (over: Partial<RepositoryInputs> = {}) => RepositoryInputs.parse({ projectId: fixture.projectId, name: "provider-repo", ...over });

  it("creates, waits for creation, and returns every documented output", async () => {
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ description: "d", visibility: "public", enableReadme: true }));
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(outs).toMatchObject({
      repositoryUuid: id,
      repositoryId: expect.any(Number),
      name: "provider-repo",
      visibility: "public",
      groupName: "emulator-tenant00001",
      httpsUrl: `${fixture.emulator.url}/emulator-tenant00001/provider-repo.git`,
      sshUrl: "git@127.0.0.1:emulator-tenant00001/provider-repo.git",
      webUrl: expect.stringMatching(/\/repo\/\d+\/home$/),
      status: "ok",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
    const { byRoute } = fixture.requests();
    expect(byRoute[NAME_CHECK]).toBe(1);
    expect(byRoute[routeKey("createRepository")]).toBe(1);
    expect(byRoute[routeKey("showRepository")]).toBeGreaterThanOrEqual(1);
    expect(byRoute[routeKey("showRepositoryStatus")]).toBeUndefined();
  });

  it("reads the repository once — status, ids and URLs together — when the service creates it within a second", async () => {
    const setCreationDelay = (creationDelayMs: number) =>
      fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify({ creationDelayMs }) });
    await setCreationDelay(800);
    try {
      fixture.resetRequests();
      const { outs } = await provider.create(inputs({ name: "created-in-800-ms" }));
      expect(outs!.status).toBe("ok");
      expect(fixture.requests().byRoute).toEqual({
        [NAME_CHECK]: 1,
        [routeKey("createRepository")]: 1,
        [routeKey("showRepository")]: 1,
        [routeKey("showRepositoryV4")]: 1,
      });
    } finally {
      await setCreationDelay(50);
    }
  });

  it("asks the /status call when the read leaves the status out, as §4.2.22's example does", async () => {
    const settings = (patch: object) => fetch(`${fixture.emulator.url}/__emulator/settings`, { method: "PUT", body: JSON.stringify(patch) });
    // Creating for the first /status answer, created at the second, whenever the polls land; polled
    // every 10 ms, since the schedule is not what this test is about.
    await settings({ statusNullInRead: true, creatingStatusAnswers: 1 });
    try {
      fixture.resetRequests();
      const { outs } = await withCreationPoll({ firstDelayMs: 10, maxDelayMs: 10 }, () => provider.create(inputs({ name: "status-in-null" })));
      expect(outs!.repositoryId).toEqual(expect.any(Number));
      const { byRoute } = fixture.requests();
      // Still creating at the first poll; created by the second.
      expect(byRoute).toEqual({
        [NAME_CHECK]: 1,
        [routeKey("createRepository")]: 1,
        [routeKey("showRepository")]: 2,
        [routeKey("showRepositoryStatus")]: 2,
        [routeKey("showRepositoryV4")]: 1,
      });
    } finally {
      await settings({ statusNullInRead: false, creatingStatusAnswers: null });
    }
  });

  it("reads live values and reports an out-of-band deletion as gone", async () => {
    const { id, outs } = await provider.create(inputs({ name: "read-me" }));
    const read = await provider.read(id, outs as RepositoryOutputs);
    expect(read).toEqual({ id, props: outs });
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: id } });
    expect(await provider.read(id, outs as RepositoryOutputs)).toEqual({});
  });

  it("keeps an import URL, which may carry credentials, secret in create and read, and sees no change in it", async () => {
    const importUrl = "https://importer:import-password-5b1e@git.example.com/team/old.git";
    const { id, outs } = await provider.create(inputs({ name: "imported", importUrl }));
    expect(outs!.importUrl).toEqual(asSecret(importUrl));
    // A stack of an earlier version holds it in plain text: a read returns it secret.
    const read = await provider.read(id, revealed(outs) as RepositoryOutputs);
    expect(read.props).toEqual(outs);
    expect(await provider.diff(id, revealed(read.props) as RepositoryOutputs, inputs({ name: "imported", importUrl }))).toMatchObject({ changes: false });
  });

  it("reads the description, default branch and visibility through V4, so console changes show", async () => {
    const { id, outs } = await provider.create(inputs({ name: "console-edited", description: "as created" }));
    expect(outs).toMatchObject({ description: "as created", defaultBranch: "master", visibility: "private", statusCode: 0 });
    await consoleEdit({ uuid: id, description: "edited in the console", visibility: "internal" });
    const read = await provider.read(id, outs as RepositoryOutputs);
    expect(read.props).toMatchObject({ description: "edited in the console", visibility: "internal", repositoryUuid: id });
  });

  it("keeps a repository whose creation ends in a status the reference does not document (5), and reports it", async () => {
    await settings({ createdStatus: 5 });
    try {
      fixture.resetRequests();
      const { id, outs } = await provider.create(inputs({ name: "status-five" }));
      expect(outs).toMatchObject({ repositoryUuid: id, status: "unknown", statusCode: 5 });
      expect(await listRepositoryNames(fixture)).toContain("status-five");
      expect(fixture.requests().byRoute[routeKey("deleteRepository")]).toBeUndefined();
    } finally {
      await settings({ createdStatus: null });
    }
  });

  it("waits for a new repository that answers 401 CH.080401 at first, instead of failing", async () => {
    await settings({ unreadableReadsAfterCreate: 1 });
    try {
      fixture.resetRequests();
      const { outs } = await provider.create(inputs({ name: "slow-to-show" }));
      expect(outs!.status).toBe("ok");
      // Planned: the first read (v2, at 1 s) is refused, the second (at 2.6 s) succeeds.
      expect(fixture.requests().byRoute).toEqual({
        [NAME_CHECK]: 1,
        [routeKey("createRepository")]: 1,
        [routeKey("showRepository")]: 2,
        [routeKey("showRepositoryV4")]: 1,
      });
    } finally {
      await settings({ unreadableReadsAfterCreate: 0 });
    }
  }, 20_000);

  /**
   * Runs `body` with another creation poll schedule. Each poll is decided by what the emulator
   * answers (its repositories are created at once, or never), so a short schedule changes how
   * long a test takes, not what it sees.
   */
  async function withCreationPoll<T>(creationPoll: Partial<PollSchedule>, body: () => Promise<T>): Promise<T> {
    newProviderRun(fixture, { timing: { creationPoll } });
    try {
      return await body();
    } finally {
      newProviderRun(fixture);
    }
  }

  it("waits for a new repository that answers 404 at first, then reads it", async () => {
    await settings({ creationDelayMs: 0, unreadableReadsAfterCreate: 2, unreadableReadsAnswer: 404 });
    try {
      fixture.resetRequests();
      const { id, outs } = await withCreationPoll({ firstDelayMs: 10, maxDelayMs: 10 }, () => provider.create(inputs({ name: "not-found-at-first" })));
      expect(outs).toMatchObject({ repositoryUuid: id, name: "not-found-at-first", status: "ok" });
      // Planned: the first two reads answer 404, the third (v2) and the V4 one succeed.
      expect(fixture.requests().byRoute).toEqual({
        [NAME_CHECK]: 1,
        [routeKey("createRepository")]: 1,
        [routeKey("showRepository")]: 3,
        [routeKey("showRepositoryV4")]: 1,
      });
    } finally {
      await settings({ creationDelayMs: 50, unreadableReadsAfterCreate: 0, unreadableReadsAnswer: 401 });
    }
  });

  it("gives up on a repository still being created after the poll budget, with a clear error, and keeps it", async () => {
    await settings({ creationDelayMs: 60 * 60_000 });
    try {
      fixture.resetRequests();
      const error = await withCreationPoll({ firstDelayMs: 10, maxDelayMs: 10, timeoutMs: 0 }, () =>
        provider.create(inputs({ name: "forever-creating" })),
      ).catch((e) => e);
      expect(error).toBeInstanceOf(CodeArtsCreationTimeoutError);
      const uuid = /\(([0-9a-f]{32})\)/.exec(error.message)![1];
      expect(error.message).toBe(
        `Repository "forever-creating" (${uuid}) was still being created after 0 s; it was left in place. ` +
          "Run `pulumi refresh` later, then `pulumi up` with adoptExisting: true to manage it.",
      );
      expect(fixture.requests().byRoute).toEqual({ [NAME_CHECK]: 1, [routeKey("createRepository")]: 1, [routeKey("showRepository")]: 1 });
      expect(await listRepositoryNames(fixture)).toContain("forever-creating");
      const live = await fixture.admin.call("showRepository", { params: { repository_uuid: uuid } });
      expect(live.status).toBe(1);
    } finally {
      await settings({ creationDelayMs: 50 });
    }
  });

  describe("a create that meets a gateway fault", () => {
    const fast = { firstDelayMs: 10, maxDelayMs: 10 };
    beforeEach(async () => {
      await settings({ creationDelayMs: 0 });
      fixture.resetRequests();
    });
    afterEach(async () => {
      await planFaults(fixture);
      await settings({ creationDelayMs: 50 });
    });
    const repositoriesNamed = async (name: string) => (await listRepositoryNames(fixture)).filter((n) => n === name);

    it("is retried after the Retry-After of a 429, which refused it before it ran, and makes one repository", async () => {
      await planFaults(fixture, { route: "createRepository", kind: "status", status: 429, retryAfterSeconds: 1 });
      const started = Date.now();
      const { id } = await withCreationPoll(fast, () => provider.create(inputs({ name: "throttled-once" })));
      // Backoff alone waits at most 200 ms and the polls 10 ms each: only the header explains a second.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(await callLog(fixture)).toEqual([
        "listProjectRepositories 200",
        "createRepository 429 (status:429)",
        "createRepository 200",
        "showRepository 200",
        "showRepositoryV4 200",
      ]);
      expect(await repositoriesNamed("throttled-once")).toEqual(["throttled-once"]);
      expect((await fixture.admin.call("showRepository", { params: { repository_uuid: id } })).repository_name).toBe("throttled-once");
    });

    it("is not sent again blindly after its connection dropped: the provider looks the name up first", async () => {
      // Dropped before it ran: the look-up finds nothing, so the create is sent again. (When the
      // create ran before the connection dropped, the look-up finds it: gateway.test.ts.)
      await planFaults(fixture, { route: "createRepository", kind: "drop" });
      const { id } = await withCreationPoll(fast, () => provider.create(inputs({ name: "dropped-once" })));
      expect(await callLog(fixture)).toEqual([
        "listProjectRepositories 200",
        "createRepository dropped (drop)",
        "validateRepositoryName 200",
        "createRepository 200",
        "showRepository 200",
        "showRepositoryV4 200",
      ]);
      expect((await repositoriesNamed("dropped-once")).length).toBe(1);
      expect((await fixture.admin.call("showRepository", { params: { repository_uuid: id } })).repository_name).toBe("dropped-once");
    });

    it("never takes a repository that held the name before for its own: refused with no POST, the 503 planned for it never sent", async () => {
      // Looked up after the 503, the name would show this repository, as if the create had made it.
      const before = await fixture.admin.call("createRepository", { body: { name: "there-before", project_uuid: fixture.projectId, description: "not the program's" } });
      fixture.resetRequests();
      await planFaults(fixture, { route: "createRepository", kind: "status", status: 503 });
      const error = await withCreationPoll(fast, () => provider.create(inputs({ name: "there-before" }))).catch((e) => e);
      expect(error.message).toBe(
        `A repository named "there-before" already exists in project ${fixture.projectId} (uuid ${before.repository_uuid}). ` +
          "Set adoptExisting: true to manage it with this program, or choose another name.",
      );
      expect(await callLog(fixture)).toEqual(["listProjectRepositories 200"]);
      expect((await faultReport(fixture)).faults.map((fault) => fault.fired)).toEqual([0]);
      const live = await fixture.admin.call("showRepository", { params: { repository_uuid: before.repository_uuid } });
      expect(live).toMatchObject({ repository_name: "there-before", status: 0 });
      expect(await repositoriesNamed("there-before")).toEqual(["there-before"]);
    });

    it("adopts a repository that held the name before only when asked, again without a POST", async () => {
      const before = await fixture.admin.call("createRepository", { body: { name: "adopt-despite-503", project_uuid: fixture.projectId } });
      fixture.resetRequests();
      await planFaults(fixture, { route: "createRepository", kind: "status", status: 503 });
      const { id } = await provider.create(inputs({ name: "adopt-despite-503", adoptExisting: true }));
      expect(id).toBe(before.repository_uuid);
      expect((await callLog(fixture)).filter((line) => line.startsWith("createRepository"))).toEqual([]);
    });
  });

  it("calls a repository gone after 401 CH.080401 only when the project's list confirms it", async () => {
    const { id, outs } = await provider.create(inputs({ name: "deleted-401" }));
    await fixture.admin.call("deleteRepository", { params: { repository_uuid: id } });
    await settings({ deletedReadAnswers401: true });
    try {
      newProviderRun(fixture); // the refresh: a run of its own
      fixture.resetRequests();
      expect(await provider.read(id, outs as RepositoryOutputs)).toEqual({});
      // The run's listing does not hold it, so its own read decides: a 401, which the project's
      // list (read fresh, not the listing) confirms as gone.
      expect(fixture.requests().byRoute).toEqual({
        [routeKey("showRepository")]: 1,
        [routeKey("listProjectRepositories")]: 2,
      });
    } finally {
      await settings({ deletedReadAnswers401: false });
    }
  });

  it("surfaces 401 CH.080401 for a repository the project still lists, instead of calling it gone", async () => {
    await settings({ unreadableReadsAfterCreate: 1 });
    try {
      // Planned: this new repository refuses its first read.
      const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name: "hidden-401", project_uuid: fixture.projectId } });
      const error = await provider.read(repository_uuid, { projectId: fixture.projectId } as RepositoryOutputs).catch((e) => e);
      expect(error).toBeInstanceOf(CodeArtsApiError);
      expect(error).toMatchObject({ httpStatus: 401, code: "CH.080401" });
      expect(await listRepositoryNames(fixture)).toContain("hidden-401");
    } finally {
      await settings({ unreadableReadsAfterCreate: 0 });
    }
  });

  it("refuses to adopt a repository whose visibility differs from the program, and changes nothing", async () => {
    const { repository_uuid } = await fixture.admin.call("createRepository", {
      body: { name: "adopt-public", project_uuid: fixture.projectId, visibility_level: 20 },
    });
    fixture.resetRequests();
    const error = await provider.create(inputs({ name: "adopt-public", adoptExisting: true })).catch((e) => e);
    expect(error.message).toContain(`Repository "adopt-public" (${repository_uuid}) exists and adoptExisting is set`);
    expect(error.message).toContain('visibility: the program says "private", the repository has "public"');
    expect(error.message).toContain('Change the program to match the repository (visibility: "public")');
    const writes = Object.keys(fixture.requests().byRoute).filter((route) => !route.startsWith("GET "));
    expect(writes).toEqual([]);
  });

  it("treats deleting an already deleted repository as success", async () => {
    const { id, outs } = await provider.create(inputs({ name: "delete-twice" }));
    await provider.delete(id, outs);
    await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    expect(await listRepositoryNames(fixture)).not.toContain("delete-twice");
  });

  describe("onDestroy", () => {
    const lockState = async (name: string) =>
      (await fixture.admin.paginate("listTenantRepositories", { query: { repository_name: name } })).find((repo) => repo.repository_name === name)?.locked;
    const calls = () => fixture.requests().byRoute;

    it('"lock" locks the repository with one call and deletes nothing: the code stays, read-only', async () => {
      const { id, outs } = await provider.create(inputs({ name: "locked-on-destroy", onDestroy: "lock" }));
      expect(outs.onDestroy).toBe("lock");
      fixture.resetRequests();
      await provider.delete(id, outs);
      expect(calls()).toEqual({ [routeKey("lockRepository")]: 1 });
      expect(await listRepositoryNames(fixture)).toContain("locked-on-destroy");
      expect(await lockState("locked-on-destroy")).toBe(true);
    });

    it('"keep" forgets the repository without a call and leaves it as it is', async () => {
      const { id, outs } = await provider.create(inputs({ name: "kept-on-destroy", onDestroy: "keep" }));
      fixture.resetRequests();
      await provider.delete(id, outs);
      expect(calls()).toEqual({});
      expect(await listRepositoryNames(fixture)).toContain("kept-on-destroy");
      expect(await lockState("kept-on-destroy")).toBe(false);
    });

    it('"lock" of a repository deleted out of band is done: it is gone', async () => {
      const { id, outs } = await provider.create(inputs({ name: "lock-gone", onDestroy: "lock" }));
      await fixture.admin.call("deleteRepository", { params: { repository_uuid: id } });
      await expect(provider.delete(id, outs)).resolves.toBeUndefined();
    });

    it("changes in place with no API call, and destroy follows the value the state holds", async () => {
      const { id, outs } = await provider.create(inputs({ name: "destroy-later" }));
      const news = inputs({ name: "destroy-later", onDestroy: "lock" });
      expect(await provider.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
      fixture.resetRequests();
      const { outs: updated } = await provider.update(id, outs, news);
      expect(calls()).toEqual({});
      expect(updated).toMatchObject({ onDestroy: "lock", repositoryUuid: id });
      await provider.delete(id, updated!);
      expect(calls()).toEqual({ [routeKey("lockRepository")]: 1 });
      expect(await lockState("destroy-later")).toBe(true);
    });

    it("refuses a replacement that keeps the name while the state says lock: the old repository would keep holding it", async () => {
      const { id, outs } = await provider.create(inputs({ name: "replace-locked", onDestroy: "lock", visibility: "private" }));
      await provider.check({}, { projectId: fixture.projectId, name: "replace-locked", onDestroy: "lock", visibility: "public", allowReplace: true });
      const error = await provider.diff(id, outs, inputs({ name: "replace-locked", onDestroy: "lock", visibility: "public", allowReplace: true })).catch((e) => e);
      expect(error.message).toContain('its state says onDestroy: "lock", so the old repository would stay and keep the name');
      expect(error.message).toContain('run `pulumi up` with onDestroy: "delete" and no other change');
      // Under another name the old repository is locked after the new one exists: allowed.
      expect(await provider.diff(id, outs, inputs({ name: "replace-locked-2", onDestroy: "lock", allowReplace: true }))).toMatchObject({ replaces: ["name"], deleteBeforeReplace: false });
    });
  });

  it("explains a name clash and how to adopt, without creating a second repository", async () => {
    await fixture.admin.call("createRepository", { body: { name: "taken", project_uuid: fixture.projectId } });
    fixture.resetRequests();
    const error = await provider.create(inputs({ name: "taken" })).catch((e) => e);
    expect(error.message).toMatch(/A repository named "taken" already exists in project [0-9a-f]{32} .* Set adoptExisting: true/);
    // Found by the name check, so the service is never asked to create it.
    expect(fixture.requests().byRoute[routeKey("createRepository")]).toBeUndefined();
    expect((await listRepositoryNames(fixture)).filter((n) => n === "taken")).toHaveLength(1);
  });

  it("checks a name taken after the run's listing at the service: refused and explained, or adopted when asked", async () => {
    await provider.create(inputs({ name: "listed-first" })); // the run lists the project here
    const late = await fixture.admin.call("createRepository", { body: { name: "taken-late", project_uuid: fixture.projectId } });
    await fixture.admin.call("createRepository", { body: { name: "adopt-late", project_uuid: fixture.projectId } });
    fixture.resetRequests();
    // The listing says free, the service refuses the POST, a fresh look names the holder.
    const error = await provider.create(inputs({ name: "taken-late" })).catch((e) => e);
    expect(error.message).toContain(`A repository named "taken-late" already exists in project ${fixture.projectId} (uuid ${late.repository_uuid})`);
    expect(await callLog(fixture)).toEqual(["createRepository 400", "validateRepositoryName 200", "listProjectRepositories 200"]);
    // With adoptExisting, the same refusal leads to the adoption the program asked for.
    fixture.resetRequests();
    const { id } = await provider.create(inputs({ name: "adopt-late", adoptExisting: true }));
    expect(id).toBe((await fixture.admin.call("listProjectRepositories", { params: { project_uuid: fixture.projectId }, query: { search: "adopt-late" } })).repositories[0].repository_uuid);
    expect((await callLog(fixture)).filter((line) => line.startsWith("createRepository"))).toEqual(["createRepository 400"]);
    expect((await listRepositoryNames(fixture)).filter((n) => n === "adopt-late")).toHaveLength(1);
  });

  it("adopts an existing repository instead of creating one when asked", async () => {
    const { repository_uuid } = await fixture.admin.call("createRepository", { body: { name: "adopt-me", project_uuid: fixture.projectId } });
    fixture.resetRequests();
    const { id, outs } = await provider.create(inputs({ name: "adopt-me", adoptExisting: true }));
    expect(id).toBe(repository_uuid);
    expect(outs!.adoptExisting).toBe(true);
    expect(fixture.requests().byRoute[routeKey("createRepository")]).toBeUndefined();
  });

  it("creates normally when adoptExisting finds nothing to adopt", async () => {
    const { outs } = await provider.create(inputs({ name: "adopt-nothing", adoptExisting: true }));
    expect(outs!.status).toBe("ok");
  });

  it("fails clearly when the service fails to create, and removes the broken repository", async () => {
    await settings({ failCreationPattern: "^doomed" });
    const error = await provider.create(inputs({ name: "doomed-repo" })).catch((e) => e);
    expect(error.message).toBe(
      `CodeArts Repo could not create repository "doomed-repo" (${error.message.match(/\(([0-9a-f]{32})\)/)[1]}): its status is 2 (failed).`,
    );
    expect(await listRepositoryNames(fixture)).not.toContain("doomed-repo");
  });

  it("never reads a repository the v2 read found as gone because its V4 read answered 404", async () => {
    const { id, outs } = await provider.create(inputs({ name: "v4-hiccup" }));
    // Twice: after the v2 view from the run's listing, and after the repository's own v2 read,
    // which the first 404 sends the read back to.
    await planFaults(fixture, { route: "showRepositoryV4", kind: "status", status: 404, times: 2 });
    fixture.resetRequests();
    await expect(provider.read(id, outs)).rejects.toThrow(`Repository ${id} is listed by GET /v2 but its V4 settings answered 404`);
    expect((await faultReport(fixture)).faults.map(({ fired }) => fired)).toEqual([2]);
    expect(fixture.requests().byRoute).toEqual({ [routeKey("showRepositoryV4")]: 2, [routeKey("showRepository")]: 1 });
    await planFaults(fixture);
    expect(await provider.read(id, outs)).toMatchObject({ id });
  });

  it("surfaces other read errors instead of calling the repository gone", async () => {
    newProviderRun(fixture, { token: "revoked" });
    const error = await provider.read("0".repeat(32), {} as RepositoryOutputs).catch((e) => e);
    expect(error).toBeInstanceOf(CodeArtsApiError);
    expect(error.httpStatus).toBe(401);
    newProviderRun(fixture);
  });
});
