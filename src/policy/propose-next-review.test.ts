import { describe, expect, it } from "vitest";
import { proposeNextReview } from "./approve-policy-version";

describe("the next review a draft's approval proposes", () => {
  it("takes the document's own day while it is ahead", () => {
    expect(proposeNextReview({ documentDue: "2027-03-12", approvalDate: "2026-12-02" })).toBe("2027-03-12");
  });

  it("reads a month the document gives ('March 2027') as the end of that month, not two years on", () => {
    expect(proposeNextReview({ documentDue: "2027-03", approvalDate: "2026-12-02" })).toBe("2027-03-31");
    expect(proposeNextReview({ documentDue: "2026-12", approvalDate: "2026-12-02" })).toBe("2026-12-31");
  });

  it("proposes two years from approval when the document's date has passed", () => {
    expect(proposeNextReview({ documentDue: "2023-03", approvalDate: "2026-12-02" })).toBe("2028-12-02");
  });
});
