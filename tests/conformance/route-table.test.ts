/**
 * The route table held against the official SDK (an oracle nobody on this project wrote): every
 * route's method and path exist as an SDK operation, its query parameters are the operation's, the
 * fields it sends are in the official request body model, and the fields it reads are in the
 * official response model, with compatible types. Generic over `routes`: a new route is checked
 * without touching this file. Known, explained differences live in ./known-differences.ts.
 */
import { z } from "zod";
import { RouteSpec } from "../../api/routes";
// The emulator-only routes too: tests rely on the emulator answering them as the service does.
import { EmulatorRouteName as RouteName, emulatorRoutes as routes } from "../../emulator/routes";
import { catalog, findOperation, isNoContent, objectShape, OfficialOperation, schemaFindings } from "../support/official-catalog";
import { KNOWN_DEPRECATED_BEING_REPLACED, KNOWN_FIELD_FINDINGS, NOT_IN_SDK } from "./known-differences";

const table = Object.entries(routes) as [RouteName, RouteSpec][];

/** The route's operation; undefined when the SDK lacks it. */
function operationOf(spec: RouteSpec): OfficialOperation | undefined {
  return findOperation(spec.method, spec.path);
}

/** v1/v2 answers are `{result, status, error}`, and the SDK models that envelope (e.g. CreateRepositoryResponse). */
function officialEnvelope(operation: OfficialOperation): Record<string, string> | undefined {
  const fields = catalog.models[operation.client][operation.response_body];
  return fields && "result" in fields && "status" in fields ? fields : undefined;
}

/** Every field-level finding of one route, prefixed by its name. */
function fieldFindings(name: RouteName, spec: RouteSpec, operation: OfficialOperation): string[] {
  const findings: string[] = [];
  const client = operation.client;
  if (spec.query) {
    for (const [param, schema] of Object.entries(objectShape(spec.query))) {
      const type = operation.query_params[param];
      if (type === undefined) findings.push(`query ${param}: not a query parameter of ${operation.name}`);
      else findings.push(...schemaFindings(schema, type, client, "sends", `query ${param}`));
    }
  }
  if (spec.body) {
    if (operation.request_body === null) findings.push(`body: ${operation.name} takes no body`);
    else findings.push(...schemaFindings(spec.body, operation.request_body, client, "sends", "sent body"));
  }
  const envelope = officialEnvelope(operation);
  if (spec.style === "envelope") {
    if (!envelope) findings.push(`style: we read an envelope, the official ${operation.response_body} is not {result, status}`);
    else findings.push(...schemaFindings(spec.result, envelope.result, client, "reads", "read result"));
  } else if (envelope) {
    findings.push(`style: we read a bare body, the official ${operation.response_body} is an envelope`);
  } else if (!isNoContent(spec.result)) {
    findings.push(...schemaFindings(spec.result, operation.response_body, client, "reads", "read body"));
  }
  return findings.map((finding) => `${name}: ${finding}`);
}

describe("the route table against the official SDK catalog", () => {
  it("the catalog is the pinned official wheel", () => {
    expect(catalog.source).toMatchObject({ package: "huaweicloudsdkcodeartsrepo", version: "3.1.219" });
    expect(catalog.operations.length).toBeGreaterThan(300);
  });

  it("every route is an SDK operation with the same method and path shape, unless listed with its reason", () => {
    const missing = table
      .filter(([name, spec]) => !operationOf(spec) && !(name in NOT_IN_SDK) && !(name in KNOWN_DEPRECATED_BEING_REPLACED))
      .map(([name, spec]) => `${name}: ${spec.method} ${spec.path}`);
    expect(missing).toEqual([]);
  });

  it("the allow-lists are not stale: listed routes exist, and a route said to be absent is absent", () => {
    const stale = [
      ...Object.keys(NOT_IN_SDK)
        .filter((name) => !(name in routes) || operationOf(routes[name as RouteName]))
        .map((name) => `NOT_IN_SDK.${name}`),
      ...Object.keys(KNOWN_DEPRECATED_BEING_REPLACED)
        .filter((name) => !(name in routes))
        .map((name) => `KNOWN_DEPRECATED_BEING_REPLACED.${name}`),
    ];
    expect(stale).toEqual([]);
  });

  it("every route's path parameters sit where the operation's do and carry its values", () => {
    // Shape equality is the lookup itself; here: the operation declares a type for each position.
    const untyped = table.flatMap(([name, spec]) => {
      const operation = operationOf(spec);
      if (!operation) return [];
      return Object.entries(operation.path_params)
        .filter(([, type]) => !["str", "int"].includes(type))
        .map(([param, type]) => `${name}: ${param} is ${type}`);
    });
    expect(untyped).toEqual([]);
  });

  it("query parameters, sent fields and read fields agree with the official models, except the known findings", () => {
    const findings = table.flatMap(([name, spec]) => {
      const operation = operationOf(spec);
      return operation ? fieldFindings(name, spec, operation) : [];
    });
    expect(findings.filter((finding) => !(finding in KNOWN_FIELD_FINDINGS))).toEqual([]);
    expect(Object.keys(KNOWN_FIELD_FINDINGS).filter((known) => !findings.includes(known))).toEqual([]);
  });

  it("the comparison itself catches a misnamed field, a wrong type and an unknown query parameter", () => {
    // A self-check of the oracle, so a comparison that always agrees cannot pass unnoticed.
    const operation = findOperation("POST", "/v4/repositories/{id}/hooks")!;
    const misnamed = z.object({ urll: z.string() });
    const wrongType = z.object({ push_events: z.string() });
    expect(schemaFindings(misnamed, operation.request_body!, "v4", "sends")).toEqual(["(body).urll: not in official model WebhookParamsDto"]);
    expect(schemaFindings(wrongType, operation.request_body!, "v4", "sends")).toHaveLength(1);
    const list = findOperation("GET", "/v4/repositories/{id}/hooks")!;
    const spec = { ...routes.listRepositoryWebhooks, query: z.object({ page: z.number() }) } as RouteSpec;
    expect(fieldFindings("listRepositoryWebhooks", spec, list)).toEqual([
      "listRepositoryWebhooks: query page: not a query parameter of list_repository_webhooks",
    ]);
  });
});
