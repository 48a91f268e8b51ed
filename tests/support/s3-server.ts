/**
 * An S3-compatible server on loopback where the real Pulumi CLI keeps stacks' state through
 * `s3://…`, as the GitOps recipes tell users to with an OBS bucket: moto in server mode
 * (tests/support/s3-server.py), with every request's signature checked against the one key pair it
 * issues. Nothing of Pulumi's backend is mocked: the CLI speaks S3 to it.
 */
import { ChildProcess, execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

/** The region the recipes' example URL names; moto serves it as it would any. */
export const STATE_REGION = "cn-north-4";

export interface S3Server {
  /** `http://127.0.0.1:<port>`: what `endpoint=` names in the backend URL. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The backend URL in the recipes' form (README "Keeping the state in OBS"), for `bucket` (default: the server's). */
  backendUrl(bucket?: string): string;
  /**
   * The environment a CI runner sets for the CLI to reach the bucket, as the recipes set it: the key
   * pair as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and the checksum settings OBS needs.
   */
  env(): Record<string, string>;
  /** The keys of the bucket's objects under `prefix`, read with the server's own client (not the CLI). */
  keys(prefix: string): Promise<string[]>;
  /** Deletes objects with the server's own client, as a person does in the storage's console. */
  deleteKeys(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

/** The backend URL form the recipes give for OBS, with this endpoint, region and bucket. */
export function s3BackendUrl(bucket: string, endpoint: string, region: string): string {
  return `s3://${bucket}?endpoint=${endpoint}&region=${region}&use_path_style=true`;
}

/** What every runner of the recipes sets besides the key pair (README "Keeping the state in OBS"). */
export const OBS_CHECKSUM_ENV = { AWS_REQUEST_CHECKSUM_CALCULATION: "when_required", AWS_RESPONSE_CHECKSUM_VALIDATION: "when_required" } as const;

function serverPython(): string {
  const python = process.env.CODEARTSREPO_S3_SERVER_PYTHON;
  if (!python) {
    throw new Error("CODEARTSREPO_S3_SERVER_PYTHON is not set: run the suite with `npm test`, which installs the S3-compatible test server (moto) into the toolchain cache (scripts/toolchain.sh).");
  }
  return python;
}

/** Starts the server with a new bucket; fails saying what it printed if it does not come up in time. */
export async function startS3Server(bucket = "codeartsrepo-state"): Promise<S3Server> {
  const python = serverPython();
  const child: ChildProcess = spawn(python, [join(__dirname, "s3-server.py"), STATE_REGION, bucket], {
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: "3" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const started = await new Promise<Omit<S3Server, "backendUrl" | "env" | "keys" | "close">>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the S3 test server did not start within 60 s:\n${stderr}`)), 60_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`the S3 test server printed ${line} instead of its address:\n${stderr}`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the S3 test server exited with ${code} before it was ready:\n${stderr}`));
    });
  });
  /** A boto3 script run against the bucket with the server's key pair; `args` are its own. */
  const client =
    (...lines: string[]) =>
    async (...args: string[]): Promise<string> => {
      const script = [
        "import boto3, json, sys",
        "endpoint, region, bucket, key, secret, *args = sys.argv[1:]",
        "s3 = boto3.client('s3', endpoint_url=endpoint, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret)",
        ...lines,
      ].join("\n");
      const { stdout } = await promisify(execFile)(python, ["-c", script, started.endpoint, started.region, started.bucket, started.accessKeyId, started.secretAccessKey, ...args]);
      return stdout;
    };
  const server: S3Server = {
    ...started,
    backendUrl: (name = started.bucket) => s3BackendUrl(name, started.endpoint, started.region),
    env: () => ({ AWS_ACCESS_KEY_ID: started.accessKeyId, AWS_SECRET_ACCESS_KEY: started.secretAccessKey, ...OBS_CHECKSUM_ENV }),
    keys: async (prefix) =>
      JSON.parse(
        await client(
          "pages = s3.get_paginator('list_objects_v2').paginate(Bucket=bucket, Prefix=args[0])",
          "print(json.dumps([o['Key'] for page in pages for o in page.get('Contents', [])]))",
        )(prefix),
      ) as string[],
    deleteKeys: async (keys) => {
      await client("for key in args: s3.delete_object(Bucket=bucket, Key=key)")(...keys);
    },
    close: async () => {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return server;
}
