/**
 * File push permissions, V4 (official SDK create_file_push_permission,
 * list_repository_file_push_permissions, batch_update_repository_file_push_permissions,
 * batch_delete_repository_file_push_permissions; wire/file-push-permissions.ts). Actions are kept
 * and answered as the protections keep theirs (emulator/protections.ts): role, user and member-group
 * ids as sent, answered with the names the repository's roles and the seeded users have.
 *
 * Emulator choices where the SDK is silent:
 * - a path already holding a rule is refused with 400 CH.010001, at create and when an update moves
 *   a rule onto it (the real status and code are unknown); an action a create leaves out is not
 *   restricted (`enable: false`), as for protections;
 * - role and user ids a request names must exist, and there are no member groups (400 otherwise);
 * - `search` matches a part of the path, case-insensitively; the default `limit` is 20, in creation
 *   order, with no total header;
 * - a batch update or delete naming an id the repository lacks answers 404 CH.000404 and changes
 *   nothing; a batch delete answers 204 without a body;
 * - a rule's path covers the file of that path, every file under it when it ends with "/", and
 *   with `*` any run of characters; the create-commit call refuses (403) a commit touching a
 *   covered file unless every rule covering it lets the pusher push, as a protected branch's rule does.
 */
import type { FilePushPermission } from "../wire/file-push-permissions";
import { page } from "./branches";
import { SentAction, actionAnswer, checkSentActions, matches, recordOf, whitelisted } from "./protections";
import { Handlers, Reply, faults, repositoryV4 } from "./server";
import { FilePushPermissionRecord, Repository, World } from "./state";

type FilePushHandlers = Pick<Handlers, "createFilePushPermission" | "listFilePushPermissions" | "updateFilePushPermissions" | "deleteFilePushPermissions">;

const DEFAULT_LIMIT = 20;

function rulesOf(repo: Repository): FilePushPermissionRecord[] {
  repo.filePushPermissions ??= [];
  return repo.filePushPermissions;
}

function covers(rule: FilePushPermissionRecord, file: string): boolean {
  return rule.path.endsWith("/") ? file.startsWith(rule.path) : matches(rule.path, file);
}

/** The first of these files a rule covering it keeps this user (of v1 role `memberRole`) from pushing; undefined when all may be pushed. */
export function fileRefused(world: World, repo: Repository, files: string[], userId: string, memberRole: number): string | undefined {
  return files.find((file) =>
    rulesOf(repo).some((rule) => covers(rule, file) && !whitelisted(world, repo, rule.actions.find((action) => action.action === "push"), userId, memberRole)),
  );
}

export function filePushPermissionHandlers(world: World): FilePushHandlers {
  const answer = (repo: Repository, rule: FilePushPermissionRecord): FilePushPermission => ({
    id: rule.id,
    path: rule.path,
    actions: rule.actions.map((record) => actionAnswer(world, repo, record)),
  });
  const refuseTaken = (repo: Repository, path: string, except?: FilePushPermissionRecord) => {
    if (rulesOf(repo).some((rule) => rule !== except && rule.path === path)) throw faults.invalid(`Param invalid: path ${path} already has a push permission`);
  };
  /** The listed actions replace the rule's actions of the same name; the others stay. */
  const setActions = (rule: FilePushPermissionRecord, sent: SentAction[]) => {
    rule.actions = [...rule.actions.filter((kept) => !sent.some((action) => action.action === kept.action)), ...sent.map(recordOf)];
  };
  const ruleIn = (repo: Repository, id: number) => {
    const rule = rulesOf(repo).find((candidate) => candidate.id === id);
    if (!rule) throw faults.notFound(`File push permission ${id} does not exist in repository ${repo.id}`);
    return rule;
  };

  return {
    createFilePushPermission({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      refuseTaken(repo, body.path);
      checkSentActions(world, repo, body.actions ?? []);
      const id = world.data.nextFilePushPermissionId ?? 1;
      world.data.nextFilePushPermissionId = id + 1;
      const rule: FilePushPermissionRecord = { id, path: body.path, actions: [recordOf({ action: "push" })] };
      setActions(rule, body.actions ?? []);
      rulesOf(repo).push(rule);
      world.save();
      return answer(repo, rule);
    },

    listFilePushPermissions({ params, query }) {
      const repo = repositoryV4(world, params.repository_id);
      const needle = query.search?.toLowerCase();
      const shown = rulesOf(repo).filter((rule) => !needle || rule.path.toLowerCase().includes(needle));
      return page(shown, query.offset, query.limit ?? DEFAULT_LIMIT).map((rule) => answer(repo, rule));
    },

    updateFilePushPermissions({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      // Every id and action is checked before anything changes: a refused batch changes nothing.
      const targets = body.permissions.map((change) => ({ change, rule: ruleIn(repo, change.id) }));
      for (const { change, rule } of targets) {
        if (change.path !== undefined) refuseTaken(repo, change.path, rule);
        checkSentActions(world, repo, change.actions ?? []);
      }
      for (const { change, rule } of targets) {
        if (change.path !== undefined) rule.path = change.path;
        setActions(rule, change.actions ?? []);
      }
      world.save();
      return targets.map(({ rule }) => answer(repo, rule));
    },

    deleteFilePushPermissions({ params, body }) {
      const repo = repositoryV4(world, params.repository_id);
      const doomed = body.ids.map((id) => ruleIn(repo, id));
      repo.filePushPermissions = rulesOf(repo).filter((rule) => !doomed.includes(rule));
      world.save();
      return new Reply(undefined, 204);
    },
  };
}
