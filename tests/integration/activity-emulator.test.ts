/**
 * The emulator's commits, push events and statistics task on the wire, held to the seed pages'
 * examples field by field (names, JSON types, time formats), status codes and error bodies.
 */
import got, { Response } from "got";
import { DEFAULTS } from "../../emulator";
import { EmulatorFixture, startFixture, waitFor } from "../support/emulator";
import { createCommitExample, seed000, seed001, seed002, seed003, shapeOf } from "../support/seed-examples";

const DAY = 24 * 60 * 60_000;
const OTHER_USER = { name: "dave", password: "dave-password" };

describe("emulator: commits, events and statistics on the wire", () => {
  let fixture: EmulatorFixture;
  let url: string;
  let otherToken: string;
  const auth = (token: string = DEFAULTS.token) => ({ responseType: "json" as const, throwHttpErrors: false, headers: { "x-auth-token": token } });

  const settings = (patch: object) => got.put(`${url}/__emulator/settings`, { json: patch });
  async function newRepository(name: string, readme = true): Promise<{ id: number; uuid: string }> {
    const created = await got.post(`${url}/v1/repositories`, { ...auth(), json: { name, project_uuid: fixture.projectId, enable_readme: readme ? 1 : 0 } });
    const uuid = (created.body as { result: { repository_uuid: string } }).result.repository_uuid;
    const shown = await got.get(`${url}/v2/repositories/${uuid}`, auth());
    return { id: (shown.body as { result: { repository_id: number } }).result.repository_id, uuid };
  }
  const commit = (repositoryId: number, body: object, token?: string) =>
    got.post(`${url}/v2/projects/${repositoryId}/repository/commits`, { ...auth(token), json: body }) as Promise<Response<any>>;
  const v4 = (repositoryId: number, path: string, token?: string) => got.get(`${url}/v4/repositories/${repositoryId}/${path}`, auth(token)) as Promise<Response<any>>;
  const trigger = (repositoryId: number, body?: object, token?: string) =>
    got.post(`${url}/v4/repositories/${repositoryId}/repository/statistics`, { ...auth(token), ...(body ? { json: body } : {}) }) as Promise<Response<any>>;
  async function untilFinished(repositoryId: number): Promise<any> {
    return waitFor("the statistics run to finish", async () => {
      const { body } = await v4(repositoryId, "repository/statistics-status");
      return body.event?.status === "finished" ? body : undefined;
    });
  }
  const file = (path: string, lines: number, prefix = "line") => ({
    action: "create",
    file_path: path,
    content: Array.from({ length: lines }, (_, i) => `${prefix} ${i + 1}`).join("\n") + "\n",
  });

  beforeAll(async () => {
    fixture = await startFixture({
      creationDelayMs: 0,
      users: { [DEFAULTS.user]: DEFAULTS.password, [OTHER_USER.name]: OTHER_USER.password },
      statisticsQueuedMs: 100,
      statisticsRunningMs: 200,
    });
    url = fixture.emulator.url;
    const issued = await got.post(`${url}/v3/auth/tokens`, {
      json: {
        auth: {
          identity: { methods: ["password"], password: { user: { name: OTHER_USER.name, password: OTHER_USER.password, domain: { name: "emulator-tenant" } } } },
          scope: { project: { name: "cn-north-4" } },
        },
      },
    });
    otherToken = issued.headers["x-subject-token"] as string;
  });
  afterAll(() => fixture.close());

  describe("create commit (§4.5.2)", () => {
    let repo: { id: number; uuid: string };
    beforeAll(async () => (repo = await newRepository("wire-commits")));

    it("answers the documented example request with the example's fields, line stats and the branch tip as parent", async () => {
      const before = await got.get(`${url}/v2/repositories/${repo.id}/branches`, auth());
      const tip = (before.body as any).result.branches[0].commit.id;
      const res = await commit(repo.id, createCommitExample.request);
      expect(res.statusCode).toBe(200);
      expect(res.body.status).toBe("success");
      expect(shapeOf(res.body.result)).toEqual(shapeOf(createCommitExample.result));
      expect(res.body.result).toMatchObject({
        title: "some commit message",
        message: "some commit message",
        author_name: DEFAULTS.user,
        parent_ids: [tip],
        stats: { additions: 1, deletions: 0, total: 1 },
      });
      expect(res.body.result.short_id).toBe(res.body.result.id.slice(0, 8));
    });

    it("counts lines the way git does across create, update, move, chmod and delete", async () => {
      const created = await commit(repo.id, { branch: "master", commit_message: "two files", author_name: "alice", actions: [file("a.txt", 10), file("dir/b.txt", 4)] });
      expect(created.body.result.stats).toEqual({ additions: 14, deletions: 0, total: 14 });
      expect(created.body.result.author_name).toBe("alice");
      expect(created.body.result.committer_name).toBe(DEFAULTS.user);

      const changed = Array.from({ length: 10 }, (_, i) => (i === 2 || i === 7 ? `changed ${i + 1}` : `line ${i + 1}`)).join("\n") + "\nextra\n";
      const updated = await commit(repo.id, {
        branch: "master",
        commit_message: "edit, move and chmod",
        actions: [
          { action: "update", file_path: "a.txt", content: changed },
          { action: "move", file_path: "dir/c.txt", previous_path: "dir/b.txt" },
          { action: "chmod", file_path: "dir/c.txt", execute_filemode: true },
        ],
      });
      expect(updated.body.result.stats).toEqual({ additions: 3, deletions: 2, total: 5 });

      const deleted = await commit(repo.id, { branch: "master", commit_message: "drop c", actions: [{ action: "delete", file_path: "dir/c.txt" }], stats: false });
      expect(deleted.statusCode).toBe(200);
      expect(deleted.body.result.stats).toBeNull();
      const base64 = await commit(repo.id, {
        branch: "master",
        commit_message: "binary-safe",
        actions: [{ action: "create", file_path: "e.txt", content: Buffer.from("x\ny\n").toString("base64"), encoding: "base64" }],
      });
      expect(base64.body.result.stats).toEqual({ additions: 2, deletions: 0, total: 2 });
    });

    it("refuses impossible actions with 400 CH.010001 and changes nothing", async () => {
      const cases = [
        [file("a.txt", 1)], // exists
        [{ action: "update", file_path: "missing.txt", content: "x" }],
        [{ action: "delete", file_path: "a.txt", last_commit_id: "0".repeat(40) }], // stale
        [{ action: "create", file_path: "../escape.txt", content: "x" }],
        [{ action: "update", file_path: "a.txt" }], // no content
      ];
      const events = (await v4(repo.id, "events?limit=100")).body.length;
      for (const actions of cases) {
        const res = await commit(repo.id, { branch: "master", commit_message: "bad", actions });
        expect(res.statusCode).toBe(400);
        expect(res.body).toMatchObject({ error: { code: "CH.010001" }, status: "failed" });
      }
      const unknownBranch = await commit(repo.id, { branch: "nowhere", commit_message: "x", actions: [file("x.txt", 1)] });
      expect(unknownBranch.statusCode).toBe(400);
      expect((await v4(repo.id, "events?limit=100")).body).toHaveLength(events);
    });

    it("creates a branch from start_branch, refuses non-members and pushes to a branch protected against them, and lets a whitelisted role push", async () => {
      const res = await commit(repo.id, { branch: "feature", start_branch: "master", commit_message: "start feature", actions: [file("f.txt", 2)] });
      expect(res.statusCode).toBe(200);
      const branches = await got.get(`${url}/v1/repositories/${repo.id}/branches`, auth());
      expect((branches.body as any).result.branches.map((b: { name: string }) => b.name)).toContain("feature");

      const stranger = await commit(repo.id, { branch: "master", commit_message: "x", actions: [file("s.txt", 1)] }, otherToken);
      expect(stranger.statusCode).toBe(403);
      expect(stranger.body).toMatchObject({ error: { code: "CH.080403" }, status: "failed" });

      await got.post(`${url}/v4/repositories/${repo.id}/protected-branches`, { ...auth(), json: { names: ["feature"], actions: [{ action: "push", enable: true }] } });
      const protectedPush = await commit(repo.id, { branch: "feature", commit_message: "x", actions: [file("p.txt", 1)] });
      expect(protectedPush.statusCode).toBe(403);
      expect(protectedPush.body.error.message).toMatch(/protected branch feature/);

      // The creator is a maintainer, which holds the Administrator role: whitelisting that role lets them push.
      const roles = (await got.get(`${url}/v4/repository/${repo.id}/permissions/branch`, auth())).body as unknown as { role_id: string; role_name: string }[];
      const administrator = roles.find((role) => role.role_name === "Administrator")!.role_id;
      await got.put(`${url}/v4/repositories/${repo.id}/protected-branch?branch_name=feature`, {
        ...auth(),
        json: [{ action: "push", enable: true, related_role_ids: [administrator] }],
      });
      const whitelistedPush = await commit(repo.id, { branch: "feature", commit_message: "y", actions: [file("w.txt", 1)] });
      expect(whitelistedPush.statusCode).toBe(200);
    });
  });

  describe("events (seed 003)", () => {
    let repo: { id: number; uuid: string };
    beforeAll(async () => {
      repo = await newRepository("wire-events");
      await got.post(`${url}/v2/repositories/${repo.id}/branches`, { ...auth(), json: { branch_name: "release", ref: "master" } });
      for (let i = 1; i <= 5; i++) await commit(repo.id, { branch: "master", commit_message: `change ${i}\n\nbody`, actions: [file(`f${i}.txt`, i)] });
    });

    it("answers a new branch with exactly the fields, types and formats of the page's example", async () => {
      const res = await v4(repo.id, "events?offset=5&limit=1");
      expect(res.statusCode).toBe(200);
      expect(res.headers["x-total"]).toBe("7");
      expect(shapeOf(res.body)).toEqual(shapeOf(seed003.response));
      const seedUser = fixture.emulator.seed.users[0];
      expect(res.body[0]).toMatchObject({
        action_name: "pushed new",
        author: { id: seedUser.numericId, name: seedUser.name, username: seedUser.id, state: "active", tenant_name: "emulator-tenant" },
        author_id: seedUser.numericId,
        author_username: seedUser.id,
        repository_id: repo.id,
        repository_name: `${fixture.emulator.seed.project.groupName}/wire-events`,
        push_data: { commit_count: 0, action: "created", ref_type: "branch", commit_from: null, ref: "release", commit_title: null },
      });
    });

    it("lists pushes newest first: commits as 'pushed to' with from/to, the README as 'pushed new'", async () => {
      const { body } = await v4(repo.id, "events?limit=100");
      expect(body.map((e: any) => [e.action_name, e.push_data.ref, e.push_data.commit_title])).toEqual([
        ["pushed to", "master", "change 5"],
        ["pushed to", "master", "change 4"],
        ["pushed to", "master", "change 3"],
        ["pushed to", "master", "change 2"],
        ["pushed to", "master", "change 1"],
        ["pushed new", "release", null],
        ["pushed new", "master", "Add README.md"],
      ]);
      expect(body[0].push_data).toMatchObject({ commit_count: 1, action: "pushed", commit_from: body[1].push_data.commit_to });
      expect(body[6].push_data).toMatchObject({ commit_count: 1, action: "created", commit_from: null });
    });

    it("pages by offset and limit (default 20) with the total in X-Total, and refuses a limit over 100", async () => {
      const pages = await Promise.all([0, 3, 6].map((offset) => v4(repo.id, `events?offset=${offset}&limit=3`)));
      expect(pages.map((p) => p.body.length)).toEqual([3, 3, 1]);
      expect(pages.every((p) => p.headers["x-total"] === "7")).toBe(true);
      const all = (await v4(repo.id, "events?limit=100")).body;
      expect(pages.flatMap((p) => p.body)).toEqual(all);
      const tooMany = await v4(repo.id, "events?limit=101");
      expect(tooMany.statusCode).toBe(400);
      expect(tooMany.body).toMatchObject({ error_code: "CH.010001" });
    });

    it("filters by author, by type and by date (before: upper bound, after: lower bound)", async () => {
      const other = fixture.emulator.seed.users.find((u) => u.name === OTHER_USER.name)!;
      expect((await v4(repo.id, `events?author_id=${fixture.emulator.seed.users[0].numericId}`)).headers["x-total"]).toBe("7");
      expect((await v4(repo.id, `events?author_id=${other.numericId}`)).body).toEqual([]);
      expect((await v4(repo.id, "events?filter=push")).headers["x-total"]).toBe("7");
      expect((await v4(repo.id, "events?filter=issues")).statusCode).toBe(400);

      const all = (await v4(repo.id, "events?limit=100")).body;
      const middle = all[3].created_at;
      await settings({ commitClockOffsetMs: 2 * DAY });
      await commit(repo.id, { branch: "master", commit_message: "from the future", actions: [file("future.txt", 1)] });
      await settings({ commitClockOffsetMs: 0 });
      const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
      const later = await v4(repo.id, `events?after=${tomorrow}`);
      expect(later.body.map((e: any) => e.push_data.commit_title)).toEqual(["from the future"]);
      const earlier = await v4(repo.id, `events?before=${tomorrow}&limit=100`);
      expect(earlier.body).toHaveLength(7);
      const bounded = await v4(repo.id, `events?before=${encodeURIComponent(middle)}&limit=100`);
      expect(bounded.body.every((e: any) => Date.parse(e.created_at) < Date.parse(middle))).toBe(true);
      expect((await v4(repo.id, "events?after=yesterday")).statusCode).toBe(400);
    });
  });

  describe("the statistics task (seeds 000–002)", () => {
    let repo: { id: number; uuid: string };
    beforeAll(async () => {
      repo = await newRepository("wire-statistics");
      await commit(repo.id, { branch: "master", commit_message: "alice 1", author_name: "alice", actions: [file("a.txt", 30)] });
      await commit(repo.id, { branch: "master", commit_message: "bob 1", author_name: "bob", actions: [file("b.txt", 5)] });
      await commit(repo.id, { branch: "master", commit_message: "alice 2", author_name: "alice", actions: [{ action: "update", file_path: "b.txt", content: "only\n" }] });
    });

    it("has no run and no numbers before the first trigger", async () => {
      const status = await v4(repo.id, "repository/statistics-status");
      expect(status.body).toEqual({ can_statistics: true, reason: 0, event: null });
      const last = await v4(repo.id, "repository/stats/last-statistics?branch_name=master");
      expect(last.body).toEqual({ event: null, total: 0, statistics: [], codelines: [], count: 0, all_branch_commits_count: 0 });
    });

    it("answers a trigger 204 with no body, then moves the run from waiting to active to finished", async () => {
      // Each phase lasts one status answer, so the three answers show the three phases at any speed.
      await settings({ statisticsStatusAnswersPerPhase: 1 });
      const res = await trigger(repo.id, { branch_name: "master" }).finally(() => settings({ statisticsStatusAnswersPerPhase: null }));
      expect(res.statusCode).toBe(seed000.status);
      expect(res.rawBody.length).toBe(0);
      const seen: string[] = [];
      for (let i = 0; i < 3; i++) {
        const { body, headers } = await v4(repo.id, "repository/statistics-status");
        expect(shapeOf(body)).toEqual(shapeOf(seed001.response));
        expect(headers["x-total"]).toBe("1");
        seen.push(body.event.status);
        expect(body.can_statistics).toBe(body.event.status === "finished");
        expect(body.reason).toBe(0);
      }
      expect(seen).toEqual(["waiting", "active", "finished"]);
    });

    it("reports the finished run's snapshot with the page's fields: per committer rows, daily lines, counts", async () => {
      const { body, statusCode } = await v4(repo.id, "repository/stats/last-statistics?branch_name=master");
      expect(statusCode).toBe(200);
      expect(shapeOf(body)).toEqual(shapeOf(seed002.response));
      const seedUser = fixture.emulator.seed.users[0];
      expect(body.event).toMatchObject({ project_id: repo.id, branch: "master", status: "finished", user_id: seedUser.numericId });
      expect(body.total).toBe(3);
      expect(body.statistics.map((row: any) => [row.user_name, row.add_lines, row.delete_lines, row.commit_count])).toEqual([
        ["alice", 31, 5, 2],
        ["bob", 5, 0, 1],
        [DEFAULTS.user, 3, 0, 1], // the README
      ]);
      expect(body.codelines).toEqual([{ additions: 39, deletions: 5, date: body.event.stat_date }]);
      expect(body.count).toBe(4);
      expect(body.all_branch_commits_count).toBe(4);
    });

    it("keeps the snapshot until another run: new commits on any branch show only after the next trigger", async () => {
      await commit(repo.id, { branch: "topic", start_branch: "master", commit_message: "carol on topic", author_name: "carol", actions: [file("c.txt", 7)] });
      await commit(repo.id, { branch: "master", commit_message: "bob 2", author_name: "bob", actions: [file("b2.txt", 2)] });
      expect((await v4(repo.id, "repository/stats/last-statistics?branch_name=master")).body.count).toBe(4);
      const first = (await v4(repo.id, "repository/statistics-status")).body.event.id;
      await trigger(repo.id); // no body: the default branch
      const status = await untilFinished(repo.id);
      expect(status.event.id).toBe(first + 1);
      expect(status.event.branch).toBe("master");
      const { body } = await v4(repo.id, "repository/stats/last-statistics?branch_name=master");
      expect(body.count).toBe(5);
      expect(body.all_branch_commits_count).toBe(6);
      expect(body.statistics[0]).toMatchObject({ user_name: "bob", add_lines: 7, commit_count: 2 });
      expect((await v4(repo.id, "repository/stats/last-statistics?branch_name=topic")).body.event).toBeNull();
    });

    it("does not start a second run while one is in progress", async () => {
      await settings({ statisticsQueuedMs: 300 });
      await trigger(repo.id, { branch_name: "topic" });
      const running = (await v4(repo.id, "repository/statistics-status")).body;
      expect(running).toMatchObject({ can_statistics: false, reason: 0, event: { status: "waiting", branch: "topic" } });
      expect((await trigger(repo.id, { branch_name: "master" })).statusCode).toBe(204);
      const done = await untilFinished(repo.id);
      expect(done.event).toMatchObject({ id: running.event.id, branch: "topic" });
      await settings({ statisticsQueuedMs: 100 });
    });

    it("counts only the last 15 days in the daily lines, and every commit in the rows", async () => {
      const history = await newRepository("wire-history", false);
      for (const daysAgo of [20, 14, 3]) {
        await settings({ commitClockOffsetMs: -daysAgo * DAY });
        await commit(history.id, { branch: "master", commit_message: `${daysAgo} days ago`, author_name: `dev${daysAgo}`, actions: [file(`d${daysAgo}.txt`, daysAgo)] });
      }
      await settings({ commitClockOffsetMs: 0 });
      await trigger(history.id);
      await untilFinished(history.id);
      const { body } = await v4(history.id, "repository/stats/last-statistics?branch_name=master");
      // Today (the empty first commit), 3 and 14 days ago: 15 days with today; 20 days ago is out.
      expect(body.codelines.map((day: any) => day.additions)).toEqual([0, 3, 14]);
      expect(body.statistics.map((row: any) => row.user_name)).toEqual([DEFAULTS.user, "dev3", "dev14", "dev20"]);
      expect(body.statistics[3].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+08:00$/);
    });

    it("lists the latest 100 committers and counts them all in total", async () => {
      const busy = await newRepository("wire-busy", false);
      for (let i = 1; i <= 102; i++) {
        await commit(busy.id, { branch: "master", commit_message: `c${i}`, author_name: `dev-${i}`, actions: [file(`f${i}.txt`, 1)] });
      }
      await trigger(busy.id);
      await untilFinished(busy.id);
      const { body } = await v4(busy.id, "repository/stats/last-statistics?branch_name=master");
      expect(body.total).toBe(103);
      expect(body.statistics).toHaveLength(100);
      expect(body.statistics[0].user_name).toBe("dev-102");
    });

    it("reports used-up daily quotas as reason 1, 2 and 3, and refuses a trigger over quota", async () => {
      const quota = await newRepository("wire-quota");
      await settings({ statisticsRunsPerDay: { repository: 1, user: 0 } });
      expect((await v4(quota.id, "repository/statistics-status")).body.can_statistics).toBe(true);
      await trigger(quota.id);
      await untilFinished(quota.id);
      expect((await v4(quota.id, "repository/statistics-status")).body).toMatchObject({ can_statistics: false, reason: 1 });
      const refused = await trigger(quota.id);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toMatchObject({ error_code: "CH.010001" });
      await settings({ statisticsRunsPerDay: { repository: 0, user: 3 } });
      expect((await v4(quota.id, "repository/statistics-status")).body).toMatchObject({ can_statistics: false, reason: 2 });
      await settings({ statisticsRunsPerDay: { repository: 1, user: 3 } });
      expect((await v4(quota.id, "repository/statistics-status")).body).toMatchObject({ can_statistics: false, reason: 3 });
      await settings({ statisticsRunsPerDay: { repository: 0, user: 0 } });
    });

    it("refuses a branch that does not exist with 400", async () => {
      const res = await trigger(repo.id, { branch_name: "no-such-branch" });
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatchObject({ error_code: "CH.010001" });
    });
  });

  describe("the pages' error answers", () => {
    let repo: { id: number; uuid: string };
    beforeAll(async () => (repo = await newRepository("wire-errors")));
    const calls = (id: number, token?: string) => ({
      "000": () => trigger(id, {}, token),
      "001": () => v4(id, "repository/statistics-status", token),
      "002": () => v4(id, "repository/stats/last-statistics?branch_name=master", token),
      "003": () => v4(id, "events", token),
    });
    const pages = { "000": seed000, "001": seed001, "002": seed002, "003": seed003 } as const;

    it("answers a missing token with 401 CH.00000001 (seeds 001, 003)", async () => {
      for (const [page, call] of Object.entries(calls(repo.id, ""))) {
        const res = await call();
        expect([page, res.statusCode, res.body]).toEqual([page, 401, seed001.errors[401]]);
      }
    });

    it("answers an expired token with 401 DEV.00000003 (seeds 000, 002)", async () => {
      await settings({ tokenTtlSeconds: 0 });
      const issued = await got.post(`${url}/v3/auth/tokens`, {
        json: {
          auth: {
            identity: { methods: ["password"], password: { user: { name: OTHER_USER.name, password: OTHER_USER.password, domain: { name: "emulator-tenant" } } } },
            scope: { project: { name: "cn-north-4" } },
          },
        },
      });
      await settings({ tokenTtlSeconds: 86400 });
      for (const [page, call] of Object.entries(calls(repo.id, issued.headers["x-subject-token"] as string))) {
        const res = await call();
        expect([page, res.statusCode, res.body]).toEqual([page, 401, seed000.errors[401]]);
      }
    });

    it("answers a user who is not a member with each page's own 403 body", async () => {
      for (const [page, call] of Object.entries(calls(repo.id, otherToken))) {
        const res = await call();
        expect([page, res.statusCode, res.body]).toEqual([page, 403, pages[page as keyof typeof pages].errors[403]]);
      }
    });

    it("answers a repository that does not exist with 404 CH.00402000 (seeds 001, 003)", async () => {
      for (const [page, call] of Object.entries(calls(2_147_000_000))) {
        const res = await call();
        expect([page, res.statusCode, res.body]).toEqual([page, 404, seed001.errors[404]]);
      }
    });
  });
});
