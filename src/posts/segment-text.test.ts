import { describe, expect, it } from "vitest";
import { renderSegmentsHtml, segmentText } from "./segment-text";
import { check } from "./test-support";

describe("segmentText", () => {
  it("splits the text into plain and highlighted segments that join back to the text", () => {
    const text = "Year 11, add me on Snapchat! Tom Dickson too.";
    const { findings } = check(text);
    const segments = segmentText({ text, findings });
    expect(segments.map((s) => s.text).join("")).toBe(text);
    const marked = segments
      .filter((s) => s.finding !== undefined)
      .map((s) => [s.text, findings[s.finding!]!.clause]);
    expect(marked).toEqual([
      ["add me", "8.3"],
      ["Tom Dickson", "7.3"],
    ]);
  });

  it("gives overlapping spans to the most serious finding and lists all of them", () => {
    const segments = segmentText({
      text: "abcdef",
      findings: [
        { start: 0, end: 4, severity: "advice" },
        { start: 2, end: 6, severity: "breach" },
      ],
    });
    expect(segments).toEqual([
      { text: "ab", finding: 0, findings: [0] },
      { text: "cd", finding: 1, findings: [1, 0] },
      { text: "ef", finding: 1, findings: [1] },
    ]);
  });

  it("never cuts an emoji in half and clamps spans to the text", () => {
    const text = "a🎉b";
    const segments = segmentText({ text, findings: [{ start: 2, end: 99, severity: "warning" }] });
    expect(segments).toEqual([{ text: "a" }, { text: "🎉b", finding: 0, findings: [0] }]);
  });

  it("renders escaped HTML with marks", () => {
    const html = renderSegmentsHtml({
      text: "<b>x</b> bad",
      findings: [{ start: 9, end: 12, severity: "warning" }],
    });
    expect(html).toBe(
      '&#60;b&#62;x&#60;/b&#62; <mark class="post-finding post-finding--warning" data-finding="0">bad</mark>',
    );
  });
});
