/** The call budget for a kind, measured the way `up` and `refresh` run: concurrently, in one provider process. */
import type { KindProvider } from "../../provider/resource";
import type { EmulatorRouteName } from "../../emulator/routes";
import { EmulatorFixture, routeKey } from "./emulator";
import { newProviderRun } from "./provider";

/**
 * Creates every one of `inputs` in one run, then reads them all in the next, and holds each run to
 * up ≤ 1.2 and refresh ≤ 0.5 calls per resource: one coalesced look at the holder's list and a
 * create each, then one list for all. Prints what it measured, named `what`.
 */
export async function expectCallsPerResource<I, O>(fixture: EmulatorFixture, what: string, provider: KindProvider<I, O>, inputs: I[], routes: { list: EmulatorRouteName; create: EmulatorRouteName }): Promise<void> {
  newProviderRun(fixture);
  fixture.resetRequests();
  const created = await Promise.all(inputs.map((one) => provider.create(one)));
  const up = fixture.requests();
  process.stdout.write(`${inputs.length} ${what}: create ${JSON.stringify(up.byRoute)}\n`);
  expect(up.byRoute).toEqual({ [routeKey(routes.list)]: 1, [routeKey(routes.create)]: inputs.length });
  expect(up.total / inputs.length).toBeLessThanOrEqual(1.2);

  newProviderRun(fixture);
  fixture.resetRequests();
  const reads = await Promise.all(created.map(({ id, outs }) => provider.read(id, outs)));
  expect(reads.map((read) => read.props)).toEqual(created.map(({ outs }) => outs));
  const refresh = fixture.requests();
  process.stdout.write(`${inputs.length} ${what}: refresh ${JSON.stringify(refresh.byRoute)}\n`);
  expect(refresh.byRoute).toEqual({ [routeKey(routes.list)]: 1 });
  expect(refresh.total / inputs.length).toBeLessThanOrEqual(0.5);
}
