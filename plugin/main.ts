#!/usr/bin/env node
/**
 * Entry of the `codeartsrepo` provider plugin: the engine starts `pulumi-resource-codeartsrepo`
 * (bin/), which runs this with node; it serves the ResourceProvider protocol (plugin/server.ts)
 * and prints its port.
 */
function fail(message: string): never {
  process.stderr.write(`pulumi-resource-codeartsrepo: ${message}\n`);
  process.exit(1);
}

// The server takes gRPC and protobuf from @pulumi/pulumi, a peer dependency: say so if it is missing.
try {
  require.resolve("@pulumi/pulumi");
} catch {
  fail(`@pulumi/pulumi is not installed beside pulumi-codeartsrepo (${__dirname}): run \`npm install pulumi-codeartsrepo @pulumi/pulumi\` in the project.`);
}

const { serve }: typeof import("./server") = require("./server");
serve().catch((error: unknown) => fail((error as Error).message));
