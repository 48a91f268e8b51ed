/**
 * The serialized provider: what Pulumi stores as `__provider` in every resource's state.
 *
 * Pulumi serializes a dynamic provider's code and every value it captures into state, and runs
 * that stored copy for read and delete. So the stored part must capture nothing (no credentials,
 * no implementation) and stay tiny. It is one `configure` method: the dynamic-provider host calls
 * `configure` on a freshly deserialized provider before any other method, so `configure` loads
 * the implementation from the installed package and installs its methods on the provider object.
 * Upgrading the package therefore upgrades every existing stack, and a resource's state holds
 * about 800 bytes of provider instead of a serialized client.
 *
 * Resolution is from the program's working directory, which covers a program with the package in
 * its node_modules and a program inside this package's own source tree (a package can require
 * itself by name through its `exports`).
 */
import type * as pulumi from "@pulumi/pulumi";
// A type only: the registry loads every kind, the shim must load none until configure.
import type { ResourceKind } from "./registry";

export type { ResourceKind };

export function providerShim(resource: ResourceKind): pulumi.dynamic.ResourceProvider {
  const shared = shims.get(resource);
  if (shared) return shared;
  const shim = {
    async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
      const programRequire = require("module").createRequire(require("path").join(process.cwd(), "index.js"));
      const implementation = programRequire("pulumi-codeartsrepo/provider/" + resource).provider;
      Object.assign(this, implementation);
      await implementation.configure(request);
    },
  };
  // `create` and the other methods arrive with configure; the type cannot know that.
  shims.set(resource, shim as unknown as pulumi.dynamic.ResourceProvider);
  return shims.get(resource)!;
}

/**
 * One shim object per resource kind in a program. The SDK serializes a dynamic provider once per
 * provider object (its cache is keyed by the object): one object per resource made a 200-resource
 * program serialize the same closure 200 times, most of the CPU it spent beyond the engine's own.
 */
const shims = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();
