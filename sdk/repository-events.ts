import type * as pulumi from "@pulumi/pulumi";
import type * as implementation from "../provider/repository-events";
import type { EventsArguments, RepositoryEvent, RepositoryEventAuthor, RepositoryEvents } from "../provider/repository-events";
import { functionClient, outputForm } from "./common";

export { RepositoryEvent, RepositoryEventAuthor, RepositoryEvents };

/** Arguments of {@link getRepositoryEvents}. */
export type RepositoryEventsArgs = EventsArguments;

/**
 * A repository's activity — who pushed what, when — newest first: GET /v4/repositories/{id}/events.
 * Filters by `authorId`, `type` and `after`/`before` dates. Walks every page (`pageSize` events a
 * request, 100 by default) up to the total the service reports, or returns the one `page` asked for.
 */
export async function getRepositoryEvents(args: RepositoryEventsArgs): Promise<RepositoryEvents> {
  const calls: typeof implementation = require("../provider/repository-events");
  return calls.listRepositoryEvents(functionClient(), args);
}

/** {@link getRepositoryEvents} taking Pulumi Inputs, such as a Repository's `repositoryId`. */
export const getRepositoryEventsOutput: (
  args: { [K in keyof RepositoryEventsArgs]: pulumi.Input<RepositoryEventsArgs[K]> },
) => pulumi.Output<RepositoryEvents> = outputForm(getRepositoryEvents);
