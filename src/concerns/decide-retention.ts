// How long a case is kept, by its outcome, as KCSIE Part 4 sets it (pure): false and malicious
// allegations are removed from the person's record at once; other allegations are kept until the
// person's normal retirement age or for ten years, whichever is longer; low-level concerns at least
// until the person leaves (the job checks the leave date); other concerns ten years from closing.
export type RetentionDecision =
  | { kind: "remove-now" }
  | { kind: "until"; date: string }
  | { kind: "while-employed" };

export function decideRetention(input: {
  category: string;
  outcome: string | null;
  /** "YYYY-MM-DD" the case closed. */
  closedOn: string;
  subjectBirthYear: number | null;
  normalRetirementAge: number;
}): RetentionDecision {
  if (input.category === "allegation" && (input.outcome === "false" || input.outcome === "malicious"))
    return { kind: "remove-now" };
  if (input.category === "low-level") return { kind: "while-employed" };
  const tenYears = addYears(input.closedOn, 10);
  if (input.category === "allegation" && input.subjectBirthYear) {
    const retirement = `${input.subjectBirthYear + input.normalRetirementAge}-12-31`;
    return { kind: "until", date: retirement > tenYears ? retirement : tenYears };
  }
  return { kind: "until", date: tenYears };
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  // 29 February becomes 28 February in a year that has none.
  const day = m === 2 && d === 29 && !isLeap(y + years) ? 28 : d;
  return `${y + years}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
