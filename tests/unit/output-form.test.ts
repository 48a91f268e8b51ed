import * as pulumi from "@pulumi/pulumi";
import { outputForm } from "../../sdk/common";

/** The value an Output settles on (Output.promise() is internal, but stable across SDK versions). */
const settled = <T>(output: pulumi.Output<T>): Promise<T> => (output as unknown as { promise(): Promise<T> }).promise();

describe("the Output form of a function", () => {
  it("resolves Output and Promise arguments, and passes a Date as its ISO text rather than {}", async () => {
    const seen: unknown[] = [];
    const echo = outputForm(async (args: { id: number; when: Date | string; page: { limit: number } }) => (seen.push(args), "done"));
    const result = await settled(echo({ id: pulumi.output(Promise.resolve(7)), when: new Date("2026-11-01T08:00:00Z"), page: { limit: 3 } }));
    expect(result).toBe("done");
    expect(seen).toEqual([{ id: 7, when: "2026-11-01T08:00:00.000Z", page: { limit: 3 } }]);
  });
});
