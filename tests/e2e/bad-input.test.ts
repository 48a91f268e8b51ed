/**
 * The bad-input matrix through the real engine: for each case, `pulumi preview` of a program holding
 * that one bad resource must fail with the resource, the field and the rule — and the emulator must
 * see no request at all.
 */
import { resolve } from "node:path";
import { useE2eStack } from "../support/e2e";
import { ed25519Key } from "../support/ssh-keys";

jest.setTimeout(300_000);

const PROJECT = "0123456789abcdef0123456789abcdef";
const KEY = ed25519Key("matrix@example");

interface Case {
  kind: string;
  name: string;
  args: Record<string, unknown>;
  /** The field Pulumi names ("" when the provider withholds it, as for a pasted private key). */
  field: string;
  rule: RegExp;
}

const cases: Case[] = [
  { kind: "Repository", name: "repo-digit-start", args: { projectId: PROJECT, name: "1st-repo" }, field: "name", rule: /must start with a letter/ },
  { kind: "Repository", name: "repo-space", args: { projectId: PROJECT, name: "my repo" }, field: "name", rule: /only letters, digits, '-' and '_'/ },
  { kind: "Repository", name: "repo-too-long", args: { projectId: PROJECT, name: "r".repeat(129) }, field: "name", rule: /2 to 128 characters/ },
  { kind: "Repository", name: "repo-bad-project", args: { projectId: "not-a-project", name: "fine" }, field: "projectId", rule: /32 hexadecimal characters/ },
  { kind: "Repository", name: "repo-visibility", args: { projectId: PROJECT, name: "fine", visibility: "internal" }, field: "visibility", rule: /"private" or "public"/ },
  { kind: "Repository", name: "repo-import-http", args: { projectId: PROJECT, name: "fine", importUrl: "http://example.com/x.git" }, field: "importUrl", rule: /https:\/\// },
  { kind: "ProtectedBranch", name: "branch-level", args: { branch: "master", pushAccess: "admins" }, field: "pushAccess", rule: /noOne|developers|maintainers/ },
  // (Push above merge, e.g. maintainers/developers, is valid: V4 states no order between the two.)
  { kind: "ProtectedBranch", name: "branch-wildcard", args: { branch: "release/*" }, field: "branch", rule: /no wildcards/ },
  { kind: "ProtectedTag", name: "tag-level", args: { tag: "v*", createAccess: 40 }, field: "createAccess", rule: /noOne|developers|maintainers/ },
  { kind: "DeployKey", name: "deploy-empty-title", args: { title: "", key: KEY }, field: "title", rule: /must not be empty|at least|empty/i },
  { kind: "DeployKey", name: "deploy-bad-base64", args: { title: "t", key: "ssh-ed25519 not*base64" }, field: "key", rule: /base64/i },
  { kind: "DeployKey", name: "deploy-private-key", args: { title: "t", key: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----" }, field: "", rule: /looks like a private key/ },
  { kind: "SSHKey", name: "ssh-unknown-type", args: { title: "t", key: "ssh-foo AAAAB3NzaC1yc2EAAAADAQABAAABAQ" }, field: "key", rule: /type|unknown|not a/i },
  { kind: "Member", name: "member-role", args: { userId: "618f5c431f228f85a4cdf4279933d51e", userName: "alice", role: "owner" }, field: "role", rule: /reader|developer|maintainer/ },
  { kind: "Member", name: "member-no-user", args: { userName: "alice", role: "reader" }, field: "userId", rule: /required/ },
  { kind: "Webhook", name: "hook-ftp-url", args: { url: "ftp://example.com/hook", events: ["push"] }, field: "url", rule: /http/ },
  { kind: "Webhook", name: "hook-no-events", args: { url: "https://example.com/hook", events: [] }, field: "events", rule: /at least one/ },
  { kind: "RepositoryStatistics", name: "stats-bad-branch", args: { branch: "feature..x" }, field: "branch", rule: /valid git branch name/ },
  { kind: "RepositoryStatistics", name: "stats-short-wait", args: { waitTimeoutSeconds: 1 }, field: "waitTimeoutSeconds", rule: /10 to 3600 seconds/ },
  { kind: "Webhook", name: "hook-bad-regex", args: { url: "https://example.com/hook", events: ["push"], branchFilter: "([a-z" }, field: "branchFilter", rule: /regular expression/ },
];

describe("bad input through `pulumi preview`", () => {
  const { fixture, pulumi } = useE2eStack({
    program: resolve(__dirname, "programs", "bad-input"),
    config: { cases: JSON.stringify(cases.map(({ kind, name, args }) => ({ kind, name, args }))) },
    // Each preview fails before any API request: nothing to destroy.
    destroy: false,
  });
  /** Per case: what `pulumi preview` printed, its exit code, and the API requests it made. */
  const previews = new Map<string, { printed: string; code: number; requests: number }>();

  beforeAll(async () => {
    for (const [index, c] of cases.entries()) {
      fixture.resetRequests();
      const result = await pulumi.run(["preview"], { allowFailure: true, env: { BAD_INPUT_CASE: String(index) } });
      previews.set(c.name, { printed: result.stdout + result.stderr, code: result.code, requests: fixture.requests().total });
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s: fails the preview naming the resource, the field and the rule, before any API request", (_name, c) => {
    const { printed, code, requests } = previews.get(c.name)!;
    expect(code).not.toBe(0);
    expect(requests).toBe(0);
    const line = printed.split("\n").find((l) => l.includes(`resource '${c.name}'`) && l.includes("has a problem"));
    expect(line).toBeDefined();
    if (c.field) expect(line).toContain(`property ${c.field} `);
    expect(line).toMatch(c.rule);
  });

  it("refuses a pasted private key saying what to give instead, without echoing the key or calling the API", () => {
    const { printed, code, requests } = previews.get("deploy-private-key")!;
    expect(code).not.toBe(0);
    expect(requests).toBe(0);
    const line = printed.split("\n").find((l) => l.includes("resource 'deploy-private-key'") && l.includes("has a problem"));
    expect(line).toMatch(/looks like a private key \(it starts with -----BEGIN\); give the public key instead, e\.g\. the contents of ~\/\.ssh\/id_ed25519\.pub/);
    expect(printed).not.toContain("b3BlbnNzaC1rZXktdjEAAAAA");
  });
});
