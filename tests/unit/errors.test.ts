import { CodeArtsApiError, CodeArtsResponseError, isNotFound, serviceErrorOf } from "../../api/errors";

describe("typed errors", () => {
  const error = new CodeArtsApiError({
    method: "GET",
    path: "/v2/repositories/abc",
    httpStatus: 404,
    code: "CH.000404",
    serviceMessage: "Not Found",
    requestId: "req-1",
  });

  it("say status, service code, message, method and path in one line", () => {
    expect(error.message).toBe("CodeArts Repo API GET /v2/repositories/abc failed with HTTP 404 CH.000404: Not Found (request id req-1)");
    expect(isNotFound(error)).toBe(true);
    expect(error.name).toBe("CodeArtsApiError");
  });

  it("carry the request as their stack instead of a JavaScript stack trace", () => {
    expect(error.stack).toBe("    at GET /v2/repositories/abc");
    expect(new CodeArtsResponseError("GET", "/p", "result.repository_id", "expected number").stack).not.toMatch(/\.ts:\d+/);
  });

  it("name the field a malformed response got wrong", () => {
    expect(new CodeArtsResponseError("GET", "/p", "result.repository_id", "expected number").message).toBe(
      'CodeArts Repo API GET /p returned an unexpected response: field "result.repository_id" expected number',
    );
  });
});

describe("error bodies, read the way the official SDK core reads them", () => {
  const gatewayPage =
    "<html>\r\n<head><title>502 Bad Gateway</title><style>body{color:red}</style></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>";
  it.each<[string, string, { code?: string; message?: string }]>([
    ["bare V4 / gateway", '{"error_code":"CH.000404","error_msg":"Not Found"}', { code: "CH.000404", message: "Not Found" }],
    ["camelCase", '{"errorCode":"DEV.00000003","errorMsg":"no right"}', { code: "DEV.00000003", message: "no right" }],
    ["code/message", '{"code":"CH.080401","message":"No Permission"}', { code: "CH.080401", message: "No Permission" }],
    ["v1/v2 envelope", '{"error":{"code":"CH.010001","message":"Param invalid"},"status":"failed"}', { code: "CH.010001", message: "Param invalid" }],
    // The envelope's status is no part of the search.
    ["envelope with status success", '{"error":{"code":"CH.000001","message":"unknown"},"status":"success"}', { code: "CH.000001", message: "unknown" }],
    ["nested two deep", '{"result":null,"detail":{"inner":{"errorCode":"X.1","errorMsg":"deep"}}}', { code: "X.1", message: "deep" }],
    ["first pair wins over later pairs", '{"code":"C","message":"m","error_code":"E","error_msg":"e"}', { code: "E", message: "e" }],
    ["a later nested match wins, as in the SDK", '{"a":{"code":"A","message":"a"},"b":{"code":"B","message":"b"}}', { code: "B", message: "b" }],
    ["numeric code", '{"code":404,"message":"missing"}', { code: "404", message: "missing" }],
    ["code without message", '{"error_code":"IAM.0004","error_msg":null}', { code: "IAM.0004", message: '{"error_code":"IAM.0004","error_msg":null}' }],
    ["no known keys", '{"status":"failed","result":null}', { code: undefined, message: '{"status":"failed","result":null}' }],
    ["JSON array", '[{"code":"A","message":"in a list"}]', { code: undefined, message: '[{"code":"A","message":"in a list"}]' }],
    ["plain text", "upstream connect error", { code: undefined, message: "upstream connect error" }],
    ["empty body", "", { code: undefined, message: undefined }],
    ["HTML from a gateway", gatewayPage, { code: undefined, message: "502 Bad Gateway 502 Bad Gateway" }],
    ["long text", "x".repeat(500), { code: undefined, message: `${"x".repeat(200)}…` }],
  ])("%s", (_shape, body, expected) => {
    expect(serviceErrorOf(body)).toEqual(expected);
  });
});
