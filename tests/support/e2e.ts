/**
 * The end-to-end tests' fixture: an emulator, a Pulumi stack of one program on a local file
 * backend pointed at it, and their teardown, registered as the enclosing block's beforeAll and
 * afterAll.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorOptions } from "../../emulator";
import { PulumiSandbox } from "../../scripts/lib/pulumi-cli";
import { EmulatorFixture, planFaults, startFixture } from "./emulator";

/** A program written for the test into a new temporary directory, removed after the tests. */
export interface TempProgram {
  /** The temporary directory's name prefix. */
  temp: string;
  write(dir: string): void;
}

interface StackOfProgram {
  /** The directory holding Pulumi.yaml, or a program to write into a temporary one. */
  program: string | TempProgram;
  /**
   * Stack config besides the emulator's endpoint and project id, which every stack gets; a
   * function when it depends on the started emulator.
   */
  config?: Record<string, string> | ((fixture: EmulatorFixture) => Record<string, string>);
  /**
   * Signs in to the emulator's IAM as this user, who becomes the emulator's only one, instead of
   * using the static token.
   */
  iamUser?: { name: string; password: string };
  /** The provider's credential as secret config. Default: the static token, or iamUser's password. */
  credentials?: Record<string, string>;
  /** More secret config, for the program. */
  secrets?: Record<string, string>;
}

interface StackOfItsOwn {
  /** Makes and initialises the stack some other way (e.g. initTeamStack). */
  init(fixture: EmulatorFixture): Promise<PulumiSandbox>;
}

export type E2eStackOptions = (StackOfProgram | StackOfItsOwn) & {
  emulator?: EmulatorOptions;
  /**
   * Whether to `pulumi destroy` after the tests (default true), so that a failed test leaves
   * nothing behind. Off where the tests leave nothing to destroy: it saves a run of the engine.
   */
  destroy?: boolean;
};

export interface E2eStack {
  fixture: EmulatorFixture;
  pulumi: PulumiSandbox;
  /** The program's directory (a temporary one, for a TempProgram). */
  programDir(): string;
}

/**
 * Starts the emulator and initialises the stack in beforeAll; in afterAll, clears the fault plan,
 * destroys the stack, and removes what was made. `fixture` and `pulumi` may be named before
 * beforeAll ran (as a describe block's tests do): they stand for the objects it makes.
 */
export function useE2eStack(options: E2eStackOptions): E2eStack {
  let fixture: EmulatorFixture | undefined;
  let pulumi: PulumiSandbox | undefined;
  let programDir: string | undefined;
  let tempDir: string | undefined;

  beforeAll(async () => {
    const iamUser = "iamUser" in options ? options.iamUser : undefined;
    fixture = await startFixture(iamUser ? { users: { [iamUser.name]: iamUser.password }, ...options.emulator } : options.emulator);
    if ("init" in options) {
      pulumi = await options.init(fixture);
      return;
    }
    const { program, config = {}, secrets = {} } = options;
    const signIn: Record<string, string> = iamUser
      ? {
          "codeartsrepo:iamEndpoint": fixture.emulator.url,
          "codeartsrepo:region": "cn-north-4",
          "codeartsrepo:userName": iamUser.name,
          "codeartsrepo:domainName": fixture.emulator.seed.domain.name,
        }
      : {};
    const credentials = options.credentials ?? (iamUser ? { "codeartsrepo:password": iamUser.password } : { "codeartsrepo:token": "emulator-token" });
    if (typeof program === "string") programDir = program;
    else {
      programDir = tempDir = mkdtempSync(join(tmpdir(), program.temp));
      program.write(tempDir);
    }
    pulumi = new PulumiSandbox({ programDir });
    await pulumi.init(
      { "codeartsrepo:endpoint": fixture.emulator.url, ...signIn, projectId: fixture.projectId, ...(typeof config === "function" ? config(fixture) : config) },
      { ...credentials, ...secrets },
    );
  });

  afterAll(async () => {
    try {
      if (options.destroy !== false && fixture && pulumi) {
        // A fault a test planned, or the emulator's random ones, must not make the destroy fail.
        await planFaults(fixture);
        await pulumi.run(["destroy", "--yes"], { allowFailure: true });
      }
    } finally {
      pulumi?.dispose();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      await fixture?.close();
    }
  });

  return {
    fixture: madeInBeforeAll("the emulator fixture", () => fixture),
    pulumi: madeInBeforeAll("the Pulumi stack", () => pulumi),
    programDir: () => {
      if (programDir === undefined) throw new Error("the program directory was asked for before its beforeAll made it, or of a stack made by `init`");
      return programDir;
    },
  };
}

/**
 * Stands for the object `made` returns once beforeAll made it: a describe block registers its
 * tests, and so names the object, before any hook runs.
 */
function madeInBeforeAll<T extends object>(what: string, made: () => T | undefined): T {
  const target = (key: PropertyKey): T => {
    const value = made();
    if (value === undefined) throw new Error(`${what} was used (.${String(key)}) before its beforeAll made it, or after it failed to`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      // Probed by `await` and by jest's printing: an absent object is not a thenable.
      if (key === "then" && made() === undefined) return undefined;
      const object = target(key);
      const value = Reflect.get(object, key, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
    set: (_, key, value) => Reflect.set(target(key), key, value),
    has: (_, key) => Reflect.has(target(key), key),
  });
}

/** `pulumi preview --expect-no-changes` plans nothing, without and with `--refresh`. */
export async function expectNoChanges(pulumi: PulumiSandbox): Promise<void> {
  expect((await pulumi.run(["preview", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
  expect((await pulumi.run(["preview", "--refresh", "--expect-no-changes"], { allowFailure: true })).code).toBe(0);
}

/**
 * `pulumi preview` of a program the provider must refuse before it calls the API: checks that it
 * failed with no API call and returns what it printed, for the test to find the refusals in.
 */
export async function refusedPreview({ fixture, pulumi }: Pick<E2eStack, "fixture" | "pulumi">, env: NodeJS.ProcessEnv = {}): Promise<string> {
  fixture.resetRequests();
  const preview = await pulumi.run(["preview"], { allowFailure: true, env });
  expect(preview.code).not.toBe(0);
  expect(fixture.requests().total).toBe(0);
  return preview.stdout + preview.stderr;
}
