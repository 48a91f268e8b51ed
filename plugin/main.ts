#!/usr/bin/env node
/**
 * Entry of the `codeartsrepo` provider plugin: the engine starts `pulumi-resource-codeartsrepo`
 * (bin/), which runs this with node; it serves the ResourceProvider protocol (plugin/server.ts)
 * and prints its port.
 */
import { serve } from "./server";

serve().catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-codeartsrepo: ${(error as Error).message}\n`);
  process.exit(1);
});
