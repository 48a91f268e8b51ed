/**
 * SARIF 2.1.0 validation against the OASIS schema vendored in tests/data (see its README), with
 * Ajv. The schema is draft-04 (its "$schema"), which Ajv's own class no longer reads: ajv-draft-04
 * is Ajv for that draft. Its formats (uri, uri-reference, date-time) come from ajv-formats, so a
 * location's uri is checked as a URI, not only as a string.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(__dirname, "..", "data", "sarif-schema-2.1.0.json"), "utf8")));

/** What the schema finds wrong with a parsed SARIF log, one entry per error (none: it is valid). */
export function sarifSchemaErrors(log: unknown): Array<{ at: string; message: string }> {
  if (validate(log)) return [];
  return validate.errors!.map((error) => ({ at: error.instancePath, message: `${error.message ?? error.keyword}` }));
}
