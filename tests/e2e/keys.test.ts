/**
 * DeployKey and SSHKey through the real Pulumi engine against the emulator: drift after an
 * out-of-band delete, no perpetual diff from comments or spacing, replacements that must delete
 * first, an in-place update, and a pasted private key that never reaches the output.
 */
import { resolve } from "node:path";
import { sshFingerprint } from "../../provider/ssh-public-key";
import { PulumiExit } from "../../scripts/lib/pulumi-cli";
import { freshClient, listRepositoryNames, routeKey } from "../support/emulator";
import { useE2eStack } from "../support/e2e";
import { ecdsaKey, ed25519Key } from "../support/ssh-keys";
import { expectNoPlainSecretsInState } from "../support/state-secrets";

jest.setTimeout(300_000);

const programDir = resolve(__dirname, "programs", "keys");
const TOKEN = "keys-e2e-token-61a0";
const DEPLOY_KEY = ed25519Key("ci@build-host");
const [DEPLOY_TYPE, DEPLOY_BODY] = DEPLOY_KEY.split(" ");
const SSH_KEY = ecdsaKey("nistp256", "me@laptop");
const [SSH_TYPE, SSH_BODY] = SSH_KEY.split(" ");

describe("deploy keys and SSH keys through the Pulumi engine", () => {
  const { fixture, pulumi } = useE2eStack({
    emulator: { tokens: [TOKEN] },
    program: programDir,
    config: {
      deployKeyTitle: "ci",
      deployKey: DEPLOY_KEY,
      sshKeyTitle: "laptop",
      // Extra spacing the emulator does not keep: the stored text differs from the program's.
      sshKey: `  ${SSH_TYPE}    ${SSH_BODY}   me@laptop  `,
    },
    credentials: { "codeartsrepo:token": TOKEN },
  });
  const consoleClient = () => freshClient(fixture);
  const deployKeys = async (repositoryId: number) =>
    consoleClient().call("listDeployKeys", { params: { repository_id: repositoryId }, query: { limit: 100 } });
  const sshKeys = async () => (await consoleClient().call("listSshKeys", { query: { limit: 100 } })).keys;
  const printed = (result: { stdout: string; stderr: string }) => result.stdout + result.stderr;

  let repositoryId: number;
  let firstKeyId: string;

  it("creates the repository, the deploy key and the SSH key with `pulumi up`", async () => {
    await pulumi.run(["up", "--yes"]);
    const outputs = await pulumi.outputs();
    repositoryId = outputs.repositoryId as number;
    firstKeyId = outputs.deployKeyId as string;
    expect(outputs.deployKeyFingerprint).toBe(sshFingerprint(DEPLOY_KEY));
    expect(await deployKeys(repositoryId)).toEqual([expect.objectContaining({ id: Number(firstKeyId), title: "ci", fingerprint: sshFingerprint(DEPLOY_KEY) })]);
    expect(await sshKeys()).toEqual([{ id: Number(outputs.sshKeyId), title: "laptop", key: `${SSH_TYPE} ${SSH_BODY} me@laptop`, created_at: expect.any(String) }]);
  });

  it("sees no changes after up, with or without a refresh, although the service re-spaced the SSH key", async () => {
    const plain = await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/4 unchanged/);
    const refreshed = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(refreshed.code).toBe(0);
  });

  it("keeps the provider's credential, and the import URL the program gives as a plain string, out of the state", async () => {
    await expectNoPlainSecretsInState(pulumi, [TOKEN, "literal-import-secret-3f9a"]);
  });

  it("catches a deploy key deleted out of band, naming exactly that resource", async () => {
    await consoleClient().call("deleteDeployKey", { params: { repository_id: repositoryId, key_id: firstKeyId } });
    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(drift.code).toBe(PulumiExit.changesProposed);
    expect(printed(drift)).toMatch(/\+\s+pulumi-nodejs:dynamic\/codeartsrepo:DeployKey\s+deploy\s+create/);
    expect(printed(drift)).not.toMatch(/codeartsrepo:(Repository|SSHKey)\s+\S+\s+(create|update|replace|delete)/);
    expect(printed(drift)).toMatch(/no changes were expected for preview but changes were proposed/i);
  });

  it("recreates the deploy key with `up --refresh`, then sees no changes", async () => {
    await pulumi.run(["up", "--refresh", "--yes"]);
    const outputs = await pulumi.outputs();
    expect(outputs.deployKeyId).not.toBe(firstKeyId);
    expect((await deployKeys(repositoryId)).map((key) => String(key.id))).toEqual([outputs.deployKeyId]);
    const again = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(again.code).toBe(0);
  });

  it("shows no diff for the same keys with other comments and spacing", async () => {
    await pulumi.run(["config", "set", "deployKey", `   ${DEPLOY_TYPE}\t ${DEPLOY_BODY}   another comment  `]);
    await pulumi.run(["config", "set", "sshKey", `${SSH_TYPE} ${SSH_BODY}`]);
    const result = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true });
    expect(result.code).toBe(0);
  });

  it("shows an adoptExisting change as an in-place update, not a replacement", async () => {
    await pulumi.run(["config", "set", "adoptExisting", "true"]);
    const result = await pulumi.run(["preview", "--diff"], { allowFailure: true });
    await pulumi.run(["config", "rm", "adoptExisting"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/~\s*pulumi-nodejs:dynamic\/codeartsrepo:DeployKey: \(update\)/);
    expect(result.stdout).toMatch(/~ adoptExisting\s*: false => true/);
    expect(result.stdout).not.toMatch(/\+-\s*pulumi-nodejs:dynamic\/codeartsrepo:DeployKey/);
  });

  it("shows a title change as a replacement, and applies it by deleting the old key first", async () => {
    await pulumi.run(["config", "set", "deployKeyTitle", "ci-renamed"]);
    const preview = await pulumi.run(["preview", "--diff"], { allowFailure: true });
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/codeartsrepo:DeployKey: \(replace\)/);
    expect(preview.stdout).toMatch(/~ title\s*: "ci" => "ci-renamed"/);
    // The emulator, like the service, refuses the same key twice in a repository: this only
    // succeeds because the old key goes first.
    await pulumi.run(["up", "--yes"]);
    expect((await deployKeys(repositoryId)).map((key) => key.title)).toEqual(["ci-renamed"]);
    expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  });

  it("rejects a pasted private key at preview without printing it, and with no API call", async () => {
    const secretBody = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
    await pulumi.run(["config", "set", "sshKey", `\n-----BEGIN OPENSSH PRIVATE KEY-----\n${secretBody}\n-----END OPENSSH PRIVATE KEY-----\n`]);
    fixture.resetRequests();
    const result = await pulumi.run(["preview"], { allowFailure: true });
    await pulumi.run(["config", "set", "sshKey", SSH_KEY]);
    expect(result.code).not.toBe(0);
    expect(printed(result)).toMatch(/key looks like a private key/);
    expect(printed(result)).not.toContain(secretBody);
    expect(fixture.requests().total).toBe(0);
    if (process.env.SHOW_PULUMI_OUTPUT) console.log(printed(result));
  });

  it("leaves the emulator without the keys after destroy", async () => {
    fixture.resetRequests();
    await pulumi.run(["destroy", "--yes"]);
    expect(fixture.requests().byRoute).toMatchObject({
      [routeKey("deleteDeployKey")]: 1,
      [routeKey("deleteSshKey")]: 1,
    });
    expect(await sshKeys()).toEqual([]);
    expect(await listRepositoryNames(fixture)).toEqual([]);
  });
});
