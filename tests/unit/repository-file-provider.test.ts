import { controlsReviewOrCi, provider } from "../../provider/repository-file";
import { UNKNOWN } from "../../provider/validation";

const valid = { repositoryId: 468480, repositoryUuid: "0123456789abcdef0123456789abcdef", filePath: "CODEOWNERS", content: "* @lead\n" };

describe("RepositoryFile check", () => {
  it("writes text unless told otherwise, and leaves the branch and the message to the service and the provider", async () => {
    expect(await provider.check({}, valid)).toEqual({ inputs: { ...valid, encoding: "text", adoptExisting: false }, failures: [] });
  });

  it("holds a content not known until apply to apply, even with encoding base64", async () => {
    const deferred = await provider.check({}, { ...valid, content: UNKNOWN, encoding: "base64" });
    expect(deferred.failures).toEqual([]);
  });

  it("takes the documented bounds of path and branch, and no stricter rule", async () => {
    expect((await provider.check({}, { ...valid, filePath: "x".repeat(10000), branch: "b".repeat(2000) })).failures).toEqual([]);
    expect((await provider.check({}, { ...valid, filePath: "x".repeat(10001), branch: "b".repeat(2001) })).failures).toEqual([
      { property: "filePath", reason: "must be at most 10000 characters" },
      { property: "branch", reason: "must be at most 2000 characters" },
    ]);
  });
});

describe("files that decide who reviews or what runs", () => {
  it.each(["CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS", ".gitlab-ci.yml", ".github/workflows/build.yml", ".cloudbuild/build.yml", ".codeartsrepo/review.yml", "Jenkinsfile"])(
    "%s is one",
    (path) => expect(controlsReviewOrCi(path)).toBe(true),
  );
  it.each(["README.md", "ci/.gitlab-ci.yml.bak", "src/CODEOWNERS.md", "docs/cloudbuild.md"])("%s is not", (path) => expect(controlsReviewOrCi(path)).toBe(false));
});
