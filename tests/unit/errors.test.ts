import { CodeArtsApiError, CodeArtsResponseError, isNotFound } from "../../provider/errors";

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
