import { describe, expect, it } from "vitest";
import { chooseNextReview, nextReviewIso, proposeNextReview, proposeReview } from "./approve-policy-version";

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

describe("the precision of the next review", () => {
  it("keeps a document's month as a month, and a day as a day", () => {
    expect(proposeReview({ documentDue: "2027-03", approvalDate: "2026-12-02" })).toEqual({
      due: "2027-03-31",
      precision: "month",
    });
    expect(proposeReview({ documentDue: "2027-03-12", approvalDate: "2026-12-02" }).precision).toBe("day");
    expect(proposeReview({ documentDue: "2023-03", approvalDate: "2026-12-02" }).precision).toBe("day");
  });

  it("keeps the month when the approver leaves the pre-filled day, and takes a month they type", () => {
    const proposal = { due: "2027-03-31", precision: "month" as const };
    expect(chooseNextReview("2027-03-31", proposal)).toEqual(proposal);
    expect(chooseNextReview("2027-03-30", proposal)).toEqual({ due: "2027-03-30", precision: "day" });
    expect(chooseNextReview("2027-02", proposal)).toEqual({ due: "2027-02-28", precision: "month" });
    expect(chooseNextReview(null, proposal)).toEqual(proposal);
  });

  it("gives the month or the day as ISO text", () => {
    expect(nextReviewIso({ nextReviewDue: "2027-03-31", nextReviewPrecision: "month" })).toBe("2027-03");
    expect(nextReviewIso({ nextReviewDue: "2027-03-31", nextReviewPrecision: "day" })).toBe("2027-03-31");
    expect(nextReviewIso({ nextReviewDue: null, nextReviewPrecision: "day" })).toBeNull();
  });
});
