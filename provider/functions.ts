/**
 * The functions a program calls (not resources): each one's token, the zod schema of its
 * arguments and the call it makes. The TypeScript SDK (sdk/repository-statistics.ts,
 * sdk/repository-events.ts) calls them in the program's process; the provider plugin serves the
 * same table through Invoke, so a YAML or Python program gets the same checks and answers.
 *
 * `triggerRepositoryStatistics` is deliberately not here: a program that invokes it would start a
 * statistics run at every preview. A RepositoryStatistics resource is the declarative form.
 */
import type { z } from "zod";
import type { CodeArtsClient } from "../api/client";
import { EventsArguments, listRepositoryEvents } from "./repository-events";
import { BranchStatisticsArguments, StatisticsArguments, lastStatistics, statisticsStatus } from "./repository-statistics";
import { parseArguments } from "./validation";

export interface FunctionDescriptor<S extends z.ZodType = z.ZodType> {
  /** `codeartsrepo:index:<name>`; also the TypeScript SDK's function name. */
  name: string;
  /** Where it lives: provider/<module>.ts and the SDK function of the same name in sdk/<module>.ts. */
  module: string;
  args: S;
  call(client: CodeArtsClient, args: z.output<S>): Promise<unknown>;
}

function defineFunction<S extends z.ZodType>(descriptor: FunctionDescriptor<S>): FunctionDescriptor<S> {
  return descriptor;
}

export const FUNCTIONS: readonly FunctionDescriptor[] = [
  defineFunction({
    name: "getRepositoryStatisticsStatus",
    module: "repository-statistics",
    args: StatisticsArguments.pick({ repositoryId: true }),
    call: (client, args) => statisticsStatus(client, args.repositoryId),
  }),
  defineFunction({
    name: "getRepositoryStatistics",
    module: "repository-statistics",
    args: BranchStatisticsArguments,
    call: (client, args) => lastStatistics(client, args.repositoryId, args.branch),
  }),
  defineFunction({
    name: "getRepositoryEvents",
    module: "repository-events",
    args: EventsArguments,
    call: (client, args) => listRepositoryEvents(client, args),
  }),
] as FunctionDescriptor[];

/** The function named by an Invoke token's last part, with its arguments checked (failing with each field's rule). */
export function invokeFunction(client: CodeArtsClient, name: string, args: unknown): Promise<unknown> {
  const fn = FUNCTIONS.find((candidate) => candidate.name === name);
  if (!fn) throw new Error(`codeartsrepo has no function "${name}"; it has ${FUNCTIONS.map((f) => f.name).join(", ")}.`);
  return fn.call(client, parseArguments(fn.args, args, name));
}
