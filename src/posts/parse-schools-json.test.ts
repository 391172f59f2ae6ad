import { describe, expect, it } from "vitest";
import { parseSchoolsJson } from "./parse-schools-json";

describe("parseSchoolsJson", () => {
  it("reads schools with defaults for missing lists", () => {
    const result = parseSchoolsJson({
      jsonText: '[{"slug":"summit-high","name":"Summit High School"}]',
      fileName: "s.json",
    });
    expect(result).toEqual({
      ok: true,
      schools: [
        {
          slug: "summit-high",
          name: "Summit High School",
          shortNames: [],
          officialHandles: [],
          sanctionedPlatforms: [],
        },
      ],
    });
  });

  it("names the line where the faulty school starts, and the field", () => {
    const jsonText = '[\n  {"slug": "a", "name": "A"},\n  {\n    "slug": "B C",\n    "name": "B"\n  }\n]';
    const result = parseSchoolsJson({ jsonText, fileName: "s.json" });
    expect(result).toEqual({
      ok: false,
      errors: [expect.objectContaining({ file: "s.json", line: 3, field: "[1].slug" })],
    });
  });

  it("reports bad JSON with a line number", () => {
    const result = parseSchoolsJson({ jsonText: '[\n{"slug": "a",,}\n]', fileName: "s.json" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.line).toBe(2);
  });

  it("refuses a repeated slug", () => {
    const result = parseSchoolsJson({
      jsonText: '[{"slug":"a","name":"A"},{"slug":"a","name":"B"}]',
      fileName: "s.json",
    });
    expect(result.ok).toBe(false);
  });
});
