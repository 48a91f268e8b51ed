/**
 * Faults by plan: what the gateway in front of the service does wrong, scripted per route so that
 * a test knows which call failed, how, and can check afterwards that it did. Random faults are one
 * kind of planned fault, drawn from a seed so that a failing soak can be replayed.
 *
 *   PUT    /__emulator/faults          { faults: [PlannedFault, …] } replaces the plan
 *   GET    /__emulator/faults          the plan with how often each fault fired, the calls held,
 *                                      and the call log since the last reset of the counters
 *   DELETE /__emulator/faults          clears the plan (held answers are released)
 *   POST   /__emulator/faults/release  sends the held answers (to whoever is still listening)
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { RouteName, routes } from "../api/routes";

export const FaultKinds = ["answer-lost", "drop", "status", "hold", "random"] as const;

export const PlannedFault = z
  .object({
    /** A route name of api/routes ("createRepository"), "METHOD /path-template", or "*" for every API. */
    route: z.string().min(1),
    /**
     * answer-lost: the call runs, then its connection drops (or, with `status`, the gateway answers
     *   that status instead of the service's answer): the caller cannot know whether it took effect.
     * drop: the connection drops before the call runs.
     * status: the gateway answers `status` (with `code`, `message`, `retryAfterSeconds`) before the call runs.
     * hold: the call runs, and its answer waits until POST /__emulator/faults/release.
     * random: each call fails with probability `rate`, in a way drawn from `seed` (500, 503 or 429
     *   before the call runs; a 502 or a dropped connection after it ran).
     */
    kind: z.enum(FaultKinds),
    /** How many matching calls the fault hits; default 1 (random: every matching call is a draw). */
    times: z.number().int().positive().optional(),
    /** Matching calls to let through untouched first: `skip: 2` hits the third. Default 0. */
    skip: z.number().int().nonnegative().default(0),
    status: z.number().int().min(400).max(599).optional(),
    code: z.string().optional(),
    message: z.string().optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    rate: z.number().min(0).max(1).optional(),
    seed: z.number().int().optional(),
  })
  .strict()
  .superRefine((fault, context) => {
    if (fault.kind === "status" && fault.status === undefined) context.addIssue({ code: "custom", path: ["status"], message: "a status fault needs a status" });
    if (fault.kind === "random" && fault.rate === undefined) context.addIssue({ code: "custom", path: ["rate"], message: "a random fault needs a rate" });
  });
export type PlannedFault = z.input<typeof PlannedFault>;
type Fault = z.output<typeof PlannedFault>;

/** What the gateway does to one call. */
export type Injection =
  | { kind: "none" }
  | { kind: "drop" }
  | { kind: "status"; status: number; code: string; message: string; retryAfterSeconds?: number }
  /** The call runs; then `lose` decides what becomes of its answer. */
  | { kind: "after"; lose: "drop" | { status: number; code: string; message: string } | "hold" };

/** One API call as the gateway saw it, in arrival order. */
export interface LoggedCall {
  seq: number;
  /** The route name of api/routes. */
  route: RouteName;
  method: string;
  path: string;
  /** The status sent, "dropped" when the connection was cut, "pending" while the call runs or is held. */
  outcome: number | "dropped" | "pending";
  /** The planned fault that hit the call, as "kind" or "kind:status". */
  fault?: string;
}

interface FaultState {
  fault: Fault;
  matched: number;
  fired: number;
}

export class FaultPlan {
  private plan: FaultState[] = [];
  private held: Array<() => void> = [];
  /** Calls per API for random draws: the n-th call of a route draws the same on every replay. */
  private drawCounts = new Map<string, number>();

  constructor(initial: PlannedFault[] = []) {
    this.replace(initial);
  }

  replace(faults: PlannedFault[]): void {
    this.releaseHeld();
    this.plan = z.array(PlannedFault).parse(faults).map((fault) => ({ fault, matched: 0, fired: 0 }));
    this.drawCounts.clear();
  }

  /** Decides what happens to `call`, and marks it with the fault that hits it. */
  decide(call: LoggedCall): Injection {
    const { route } = call;
    const apiKey = `${routes[route].method} ${routes[route].path}`;
    for (const state of this.plan) {
      const { fault } = state;
      if (fault.route !== "*" && fault.route !== route && fault.route !== apiKey) continue;
      const limit = fault.times ?? (fault.kind === "random" ? Infinity : 1);
      if (state.fired >= limit) continue;
      state.matched += 1;
      if (state.matched <= fault.skip) continue;
      const injection = fault.kind === "random" ? this.draw(fault, apiKey) : fixed(fault);
      if (injection.kind === "none") continue;
      state.fired += 1;
      call.fault = describe(injection);
      return injection;
    }
    return { kind: "none" };
  }

  /** Waits until the held answers are released. */
  hold(): Promise<void> {
    return new Promise((resolve) => this.held.push(resolve));
  }

  releaseHeld(): number {
    const released = this.held.length;
    for (const release of this.held.splice(0)) release();
    return released;
  }

  report(calls: LoggedCall[]) {
    return {
      faults: this.plan.map(({ fault, fired }) => ({ ...fault, fired })),
      held: this.held.length,
      calls,
    };
  }

  private draw(fault: Fault, apiKey: string): Injection {
    const nth = (this.drawCounts.get(apiKey) ?? 0) + 1;
    this.drawCounts.set(apiKey, nth);
    const [hit, pick] = seededUnits(`${fault.seed ?? 0}:${apiKey}:${nth}`);
    if (hit >= fault.rate!) return { kind: "none" };
    const choices: Injection[] = [
      { kind: "status", status: 500, code: "CH.000001", message: "Unknown error (injected)" },
      { kind: "status", status: 503, code: "APIGW.0201", message: "Request error (injected)" },
      { kind: "status", status: 429, code: "APIGW.0308", message: "The throttling threshold has been reached (injected)", retryAfterSeconds: 1 },
      { kind: "after", lose: { status: 502, code: "APIGW.0202", message: "Bad gateway (injected)" } },
      { kind: "after", lose: "drop" },
    ];
    return choices[Math.floor(pick * choices.length)];
  }
}

function fixed(fault: Fault): Injection {
  switch (fault.kind) {
    case "drop":
      return { kind: "drop" };
    case "hold":
      return { kind: "after", lose: "hold" };
    case "answer-lost":
      return { kind: "after", lose: fault.status === undefined ? "drop" : { status: fault.status, code: fault.code ?? "APIGW.0202", message: fault.message ?? "Bad gateway (injected)" } };
    default:
      return {
        kind: "status",
        status: fault.status!,
        code: fault.code ?? (fault.status === 429 ? "APIGW.0308" : "APIGW.0201"),
        message: fault.message ?? `Injected ${fault.status}`,
        retryAfterSeconds: fault.retryAfterSeconds,
      };
  }
}

function describe(injection: Injection): string {
  if (injection.kind === "status") return `status:${injection.status}`;
  if (injection.kind === "after") return injection.lose === "drop" ? "answer-lost" : injection.lose === "hold" ? "hold" : `answer-lost:${injection.lose.status}`;
  return injection.kind;
}

/** Two numbers in [0, 1) from a label: the same label always draws the same. */
function seededUnits(label: string): [number, number] {
  const digest = createHash("sha256").update(label).digest();
  return [digest.readUInt32BE(0) / 2 ** 32, digest.readUInt32BE(4) / 2 ** 32];
}
