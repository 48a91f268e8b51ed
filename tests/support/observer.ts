import { CodeArtsClient } from "../../provider/client";
import { DEFAULTS } from "../../emulator";
import { EmulatorFixture } from "./emulator";

/**
 * A client with nothing cached, for looking at the emulator's state. Clients reuse list answers
 * for a few seconds (coalescing) and only their own writes clear that, so a long-lived client can
 * miss a change another client just made.
 */
export function observer(fixture: EmulatorFixture): CodeArtsClient {
  return new CodeArtsClient({ endpoint: fixture.emulator.url, iamEndpoint: fixture.emulator.url, auth: { kind: "token", token: DEFAULTS.token } });
}
