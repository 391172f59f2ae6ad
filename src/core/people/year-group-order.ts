// Year groups are free text from the MIS ("N1", "Reception", "Year 7", "10", "Y11", "Sixth form").
// Sorted as text, "Year 10" comes before "Year 7"; schools read them in the order pupils move up.

const EARLY_YEARS: readonly [RegExp, number][] = [
  [/^(n|nursery|pre-?school)\s*\d?$/i, -2],
  [/^(r|rec|reception|fs2?|eyfs)$/i, -1],
];

/** A sort key: nursery, reception, then Year 1 to 13 by number, then anything else by name. */
export function yearGroupRank(label: string): number {
  const text = label.trim();
  for (const [pattern, rank] of EARLY_YEARS) if (pattern.test(text)) return rank;
  const number = /^(?:year|yr|y)?\s*(\d{1,2})\b/i.exec(text);
  if (number) return Number(number[1]);
  if (/sixth|6th/i.test(text)) return 12.5;
  return 100;
}

export function compareYearGroups(a: string, b: string): number {
  return yearGroupRank(a) - yearGroupRank(b) || a.localeCompare(b, "en-GB", { numeric: true });
}
