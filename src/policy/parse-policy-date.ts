// Reads the dates school policies write in their front matter ("March 2021", "12/03/2021",
// "12th March 2021", "2021-03-12") as ISO text, keeping month precision when no day is given.

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

const MONTH_WORD =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY_MONTH_YEAR = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD},?\\s+(\\d{4})\\b`,
  "i",
);
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "i");
const MONTH_YEAR = new RegExp(`\\b${MONTH_WORD},?\\s+(\\d{4})\\b`, "i");
const ISO = /\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b/;
const NUMERIC_DMY = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b/;
const NUMERIC_MY = /\b(\d{1,2})\/(\d{4})\b/;

function monthNumber(word: string): number {
  return MONTHS[word.toLowerCase().slice(0, 3)] ?? 0;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

function isoDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function isoMonth(year: number, month: number): string | null {
  if (month < 1 || month > 12) return null;
  return `${year}-${pad(month)}`;
}

/** ISO date (yyyy-mm-dd) or month (yyyy-mm) for the first date in `raw`; null if there is none. */
export function parsePolicyDate(raw: string): string | null {
  const iso = ISO.exec(raw);
  if (iso) {
    const year = Number(iso[1]);
    const month = Number(iso[2]);
    return iso[3] ? isoDay(year, month, Number(iso[3])) : isoMonth(year, month);
  }
  const dmy = DAY_MONTH_YEAR.exec(raw);
  if (dmy) return isoDay(Number(dmy[3]), monthNumber(dmy[2]!), Number(dmy[1]));
  const mdy = MONTH_DAY_YEAR.exec(raw);
  if (mdy) return isoDay(Number(mdy[3]), monthNumber(mdy[1]!), Number(mdy[2]));
  const my = MONTH_YEAR.exec(raw);
  if (my) return isoMonth(Number(my[2]), monthNumber(my[1]!));
  // Numeric dates in English school documents are day first.
  const numeric = NUMERIC_DMY.exec(raw);
  if (numeric) {
    const year = numeric[3]!.length === 2 ? 2000 + Number(numeric[3]) : Number(numeric[3]);
    return isoDay(year, Number(numeric[2]), Number(numeric[1]));
  }
  const numericMonth = NUMERIC_MY.exec(raw);
  if (numericMonth) return isoMonth(Number(numericMonth[2]), Number(numericMonth[1]));
  return null;
}

/** The first and last day an ISO date or month covers, for comparisons across precisions. */
export function policyDateRange(iso: string): { first: string; last: string } {
  if (iso.length === 10) return { first: iso, last: iso };
  const [year, month] = iso.split("-").map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${iso}-01`, last: `${iso}-${pad(lastDay)}` };
}

/** Compares two ISO dates at the coarser of their precisions: -1, 0 (same day or month) or 1. */
export function comparePolicyDates(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  const left = a.slice(0, length);
  const right = b.slice(0, length);
  return left < right ? -1 : left > right ? 1 : 0;
}
