// Finds the things in a post that word lists cannot describe: contact details, dates, streets and
// addresses, form groups ("9C"), titled names ("Mr Patel") and the names of people on the roster.
// Each becomes an entity ($phone, $rosterPupil, ...) that rules and word lists can refer to.
import type { RosterIndex, RosterName } from "./build-roster-index";
import type { Occurrences } from "./find-term-occurrences";
import type { Token } from "./tokenise-post";

export const ENTITY_NAMES = [
  "$phone",
  "$mobile",
  "$email",
  "$url",
  "$postcode",
  "$date",
  "$street",
  "$address",
  "$formGroup",
  "$titledName",
  "$handle",
  "$personName",
  "$rosterPupil",
  "$rosterExPupilMinor",
  "$rosterExPupilAdult",
  "$rosterParent",
  "$rosterStaff",
  "$rosterFamous",
  "$pupilFirstName",
  "$staffFirstName",
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];
export type EntityIds = Readonly<Record<EntityName, number>>;

export interface FindEntitiesOptions {
  text: string;
  tokens: Token[];
  occurrences: Occurrences;
  ids: EntityIds;
  roster: RosterIndex;
  /** The school's own streets as folded word sequences. */
  streets: readonly (readonly string[])[];
  /** Folded "first last" names of well-known people. */
  famousNames: ReadonlySet<string>;
  /** First names that are also ordinary words ("will", "grace"). */
  commonWordNames: ReadonlySet<string>;
  asOf: Date;
}

export function findEntities(options: FindEntitiesOptions): void {
  markWebAndEmailAddresses(options);
  findPhoneNumbers(options);
  findWordShapes(options);
  findDates(options);
  findStreets(options);
  findRosterNames(options);
}

// --- web and email addresses ------------------------------------------------------------------

const localPart = /[A-Za-z0-9._%+-]/;
const domainPart = /[A-Za-z0-9.-]/;
const domainStart = /^[A-Za-z0-9]/;
const beforeWww = /[/A-Za-z0-9]/;
const space = /\s/;
const trailingPunctuation = /[.,!?)]/;
const urlMarkers = ["http://", "https://", "www."];

function markWebAndEmailAddresses({ text, tokens, occurrences, ids }: FindEntitiesOptions): void {
  const spans: Array<{ start: number; end: number; id: number }> = [];
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let left = at;
    while (left > 0 && at - left < 64 && localPart.test(text[left - 1]!)) left--;
    let right = at + 1;
    while (right < text.length && right - at < 255 && domainPart.test(text[right]!)) right++;
    while (right > at + 1 && (text[right - 1] === "." || text[right - 1] === "-")) right--;
    const domain = text.slice(at + 1, right);
    if (left < at && domainStart.test(domain) && domain.includes("."))
      spans.push({ start: left, end: right, id: ids.$email });
  }
  for (const marker of urlMarkers) {
    for (let from = text.indexOf(marker); from >= 0; from = text.indexOf(marker, from + 1)) {
      if (marker === "www." && from > 0 && beforeWww.test(text[from - 1]!)) continue;
      let end = from;
      while (end < text.length && !space.test(text[end]!)) end++;
      while (end > from && trailingPunctuation.test(text[end - 1]!)) end--;
      spans.push({ start: from, end, id: ids.$url });
      from = end - 1;
    }
  }
  if (spans.length === 0) return;
  spans.sort((a, b) => a.start - b.start);
  let t = 0;
  for (const span of spans) {
    while (t < tokens.length && tokens[t]!.end <= span.start) t++;
    let u = t;
    while (u < tokens.length && tokens[u]!.start < span.end) {
      tokens[u]!.ignored = true;
      u++;
    }
    if (u > t) occurrences.add(span.id, t, u);
  }
}

// --- phone numbers ------------------------------------------------------------------------------

function findPhoneNumbers({ text, tokens, occurrences, ids }: FindEntitiesOptions): void {
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i]!;
    if (!first.numeric || first.ignored) continue;
    const international = first.raw.startsWith("44") && text[first.start - 1] === "+";
    if (!international && !first.raw.startsWith("0")) continue;
    let digits = "";
    let best = -1;
    for (let j = i; j < tokens.length && j < i + 5; j++) {
      const token = tokens[j]!;
      if (!token.numeric) break;
      if (j > i && !phoneGap(text, tokens[j - 1]!.end, token.start)) break;
      digits += token.raw;
      const ok = international ? digits.length === 12 : digits.length === 10 || digits.length === 11;
      if (ok) best = j;
      if (digits.length > 12) break;
    }
    if (best < 0) continue;
    occurrences.add(ids.$phone, i, best + 1);
    const mobile = international ? digits.startsWith("447") : digits.startsWith("07");
    if (mobile) occurrences.add(ids.$mobile, i, best + 1);
    i = best;
  }
}

function phoneGap(text: string, from: number, to: number): boolean {
  if (to - from > 3) return false;
  for (let c = from; c < to; c++) if (!" -().".includes(text[c]!)) return false;
  return true;
}

// --- handles, form groups, titled names, postcodes ----------------------------------------------

const titles = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"]);
const notFormGroups = new Set(["2D", "3D", "4D", "3G", "4G", "5G", "4K", "5K", "8K", "10K"]);
const outwardPostcode = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;
const inwardPostcode = /^[0-9][A-Z]{2}$/;

function findWordShapes({ tokens, occurrences, ids }: FindEntitiesOptions): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.ignored) continue;
    if (token.raw.startsWith("@") && token.raw.length > 1) occurrences.add(ids.$handle, i, i + 1);
    if (isFormGroup(token.raw)) occurrences.add(ids.$formGroup, i, i + 1);
    const next = tokens[i + 1];
    if (!next || next.sentence !== token.sentence) continue;
    if (titles.has(token.norm) && token.capitalised && next.capitalised && !next.numeric) {
      const third = tokens[i + 2];
      const end =
        third &&
        third.sentence === token.sentence &&
        third.capitalised &&
        !third.numeric &&
        third.start - next.end === 1
          ? i + 3
          : i + 2;
      occurrences.add(ids.$titledName, i, end);
    }
    if (
      token.raw.length <= 4 &&
      next.raw.length === 3 &&
      outwardPostcode.test(token.raw) &&
      inwardPostcode.test(next.raw)
    ) {
      occurrences.add(ids.$postcode, i, i + 2);
    }
  }
}

function isFormGroup(raw: string): boolean {
  if (raw.length < 2 || raw.length > 4 || notFormGroups.has(raw)) return false;
  let d = 0;
  while (d < raw.length && raw.charCodeAt(d) >= 48 && raw.charCodeAt(d) <= 57) d++;
  if (d === 0 || d > 2) return false;
  const year = Number(raw.slice(0, d));
  if (year < 1 || year > 13) return false;
  const letters = raw.slice(d);
  if (letters.length < 1 || letters.length > 2) return false;
  for (const ch of letters) if (ch < "A" || ch > "Z") return false;
  return true;
}

// --- dates --------------------------------------------------------------------------------------

const months = new Map<string, number>([
  ["january", 1],
  ["jan", 1],
  ["february", 2],
  ["feb", 2],
  ["march", 3],
  ["mar", 3],
  ["april", 4],
  ["apr", 4],
  ["may", 5],
  ["june", 6],
  ["jun", 6],
  ["july", 7],
  ["jul", 7],
  ["august", 8],
  ["aug", 8],
  ["september", 9],
  ["sep", 9],
  ["sept", 9],
  ["october", 10],
  ["oct", 10],
  ["november", 11],
  ["nov", 11],
  ["december", 12],
  ["dec", 12],
]);

const dayWithSuffix = /^[0-9]{1,2}(st|nd|rd|th)$/;
const oneOrTwoDigits = /^[0-9]{1,2}$/;
const yearNumber = /^(19|20)[0-9]{2}$/;
const dateSeparators = ["/", ".", "-"];

function dayNumber(token: Token | undefined): number {
  if (!token || token.norm.length > 4) return 0;
  let norm = token.norm;
  if (dayWithSuffix.test(norm)) norm = norm.slice(0, -2);
  if (!oneOrTwoDigits.test(norm)) return 0;
  const day = Number(norm);
  return day >= 1 && day <= 31 ? day : 0;
}

function isYear(token: Token | undefined): boolean {
  return !!token && yearNumber.test(token.norm);
}

function findDates({ text, tokens, occurrences, ids }: FindEntitiesOptions): void {
  const inSentence = (k: number, sentence: number) => k < tokens.length && tokens[k]!.sentence === sentence;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.ignored) continue;
    const sentence = token.sentence;
    // 14 March 2012, 14th of March
    if (dayNumber(token) > 0) {
      let m = i + 1;
      if (inSentence(m, sentence) && tokens[m]!.norm === "of") m++;
      if (
        inSentence(m, sentence) &&
        months.has(tokens[m]!.norm) &&
        (tokens[m]!.capitalised || tokens[m]!.norm.length > 3)
      ) {
        const end = inSentence(m + 1, sentence) && isYear(tokens[m + 1]) ? m + 2 : m + 1;
        occurrences.add(ids.$date, i, end);
        i = end - 1;
        continue;
      }
      // 05/06/2012, 5.6.12, 05-06-2012
      if (token.numeric && inSentence(i + 2, sentence) && tokens[i + 1]!.numeric && tokens[i + 2]!.numeric) {
        const sep1 = text.slice(token.end, tokens[i + 1]!.start);
        const sep2 = text.slice(tokens[i + 1]!.end, tokens[i + 2]!.start);
        const month = Number(tokens[i + 1]!.raw);
        const yearLength = tokens[i + 2]!.raw.length;
        if (
          sep1 === sep2 &&
          dateSeparators.includes(sep1) &&
          month >= 1 &&
          month <= 12 &&
          (yearLength === 2 || yearLength === 4)
        ) {
          occurrences.add(ids.$date, i, i + 3);
          i += 2;
          continue;
        }
      }
    }
    // March 14th 2012
    if (
      token.capitalised &&
      months.has(token.norm) &&
      inSentence(i + 1, sentence) &&
      dayNumber(tokens[i + 1]) > 0
    ) {
      const end = inSentence(i + 2, sentence) && isYear(tokens[i + 2]) ? i + 3 : i + 2;
      occurrences.add(ids.$date, i, end);
      i = end - 1;
    }
  }
}

// --- streets and addresses ------------------------------------------------------------------------

const streetSuffixes = new Set([
  "road",
  "rd",
  "street",
  "st",
  "lane",
  "ln",
  "avenue",
  "ave",
  "close",
  "drive",
  "way",
  "crescent",
  "grove",
  "gardens",
  "place",
  "terrace",
  "court",
  "mews",
  "walk",
  "row",
  "rise",
  "square",
]);
const notStreetNames = new Set([
  "the",
  "a",
  "an",
  "my",
  "our",
  "your",
  "his",
  "her",
  "their",
  "its",
  "no",
  "by",
  "any",
  "this",
  "that",
  "every",
  "some",
  "one",
  "other",
  "half",
  "all",
  "on",
  "in",
  "at",
  "to",
  "of",
  "up",
  "google",
  "microsoft",
  "wall",
  "downing",
]);

const houseNumber = /^[0-9]{1,4}[a-z]?$/;

function findStreets({ tokens, occurrences, ids, streets }: FindEntitiesOptions): void {
  const found: Array<[number, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.ignored) continue;
    for (const street of streets) {
      if (street[0] !== token.norm) continue;
      let k = 1;
      while (
        k < street.length &&
        tokens[i + k]?.norm === street[k] &&
        tokens[i + k]!.sentence === token.sentence
      )
        k++;
      if (k === street.length) found.push([i, i + k]);
    }
    if (streetSuffixes.has(token.norm) && token.capitalised && i > 0) {
      let start = i;
      while (
        start > 0 &&
        i - start < 2 &&
        tokens[start - 1]!.sentence === token.sentence &&
        tokens[start - 1]!.capitalised &&
        !tokens[start - 1]!.ignored &&
        !notStreetNames.has(tokens[start - 1]!.norm)
      ) {
        start--;
      }
      if (start < i) found.push([start, i + 1]);
    }
  }
  for (const [start, end] of found) {
    occurrences.add(ids.$street, start, end);
    const before = tokens[start - 1];
    if (before && before.sentence === tokens[start]!.sentence && houseNumber.test(before.norm)) {
      occurrences.add(ids.$address, start - 1, end);
    }
  }
}

// --- names on the roster --------------------------------------------------------------------------

const noNames: readonly RosterName[] = [];

function findRosterNames(options: FindEntitiesOptions): void {
  const { tokens, occurrences, ids, roster, text } = options;
  if (roster.size === 0) return;
  const covered = new Uint8Array(tokens.length);
  const lowerCaseWriter = writesInLowerCase(tokens);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.ignored) continue;
    const handle = token.norm.charCodeAt(0) === 64;
    if (handle) findHandleName(options, i, covered);
    for (const name of roster.byFirstName.get(handle ? token.norm.slice(1) : token.norm) ?? noNames) {
      const end = matchWords(tokens, i, name.words);
      if (end < 0 || looksLikeOrdinaryWords(options, tokens.slice(i, end), name, lowerCaseWriter)) continue;
      addName(options, name, i, end, covered);
    }
    for (const name of roster.byLastName.get(token.norm) ?? noNames) {
      const lastEnd = matchWords(tokens, i, name.last);
      if (lastEnd < 0 || lastEnd >= tokens.length) continue;
      if (!text.slice(tokens[lastEnd - 1]!.end, tokens[lastEnd]!.start).includes(",")) continue;
      const end = matchWords(tokens, lastEnd, name.first);
      if (end < 0 || tokens[end - 1]!.sentence !== token.sentence) continue;
      if (looksLikeOrdinaryWords(options, tokens.slice(i, end), name, lowerCaseWriter)) continue;
      addName(options, name, i, end, covered);
    }
    if (titles.has(token.norm)) findTitledStaff(options, i, lowerCaseWriter, covered);
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (covered[i] || token.ignored || !(token.capitalised || token.upper)) continue;
    if (!roster.pupilFirstNames.has(token.norm)) continue;
    const next = tokens[i + 1];
    // "Anne Frank", "Grace Kelly": a capitalised word after the first name makes it someone's full
    // name. A lone capital is an initial ("Sienna Y in Year 11"): still the pupil's first name.
    if (
      next &&
      next.sentence === token.sentence &&
      next.capitalised &&
      !next.numeric &&
      next.raw.length > 1 &&
      next.start - token.end <= 1
    )
      continue;
    const sentenceStart = i === 0 || tokens[i - 1]!.sentence !== token.sentence;
    if (sentenceStart && options.commonWordNames.has(token.norm)) continue;
    occurrences.add(ids.$pupilFirstName, i, i + 1);
  }
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (covered[i] || token.ignored || !token.capitalised || !roster.staffFirstNames.has(token.norm))
      continue;
    const sentenceStart = i === 0 || tokens[i - 1]!.sentence !== token.sentence;
    if (sentenceStart && options.commonWordNames.has(token.norm)) continue;
    occurrences.add(ids.$staffFirstName, i, i + 1);
  }
}

/**
 * "Mr Booth", "mrs rose": a title before the last name of a member of staff on the roster is how
 * pupils and families name them, so it counts as naming that person.
 */
function findTitledStaff(
  options: FindEntitiesOptions,
  i: number,
  lowerCaseWriter: boolean,
  covered: Uint8Array,
) {
  const { tokens, roster } = options;
  const title = tokens[i]!;
  const next = tokens[i + 1];
  if (!next || next.ignored || next.sentence !== title.sentence || next.numeric || covered[i + 1]) return;
  if (!(next.capitalised || lowerCaseWriter)) return;
  for (const name of roster.staffByLastName.get(next.norm) ?? noNames) {
    const end = matchWords(tokens, i + 1, name.last);
    if (end >= 0) addStaff(options, i, end, covered);
  }
}

// Words a handle may carry after a name: "@mia_rose_mum", "@DanWoodDad".
const handleSuffixes = ["mum", "mam", "mummy", "dad", "daddy", "nan", "x", "xx", "xo"];

/**
 * "@CerysJohnson82", "@mia_rose_mum", "@MrsKowalski_NFA": a handle that spells a roster name (or a
 * title and the last name of staff) names that person as plainly as the name itself.
 */
function findHandleName(options: FindEntitiesOptions, i: number, covered: Uint8Array) {
  const { tokens, roster } = options;
  const raw = tokens[i]!.raw;
  // The handle's letters in lower case, and where a new part starts: "_", ".", a digit or a capital.
  let letters = "";
  const boundaries = new Set<number>();
  for (let c = 1; c < raw.length; c++) {
    const ch = raw[c]!;
    const lower = ch.toLowerCase();
    if (lower >= "a" && lower <= "z") {
      if (ch !== lower && c > 1) boundaries.add(letters.length);
      letters += lower;
    } else boundaries.add(letters.length);
  }
  boundaries.add(letters.length);
  const endsWell = (at: number) =>
    boundaries.has(at) ||
    handleSuffixes.some((suffix) => letters.startsWith(suffix, at) && boundaries.has(at + suffix.length));
  for (let at = letters.length; at >= 5; at--) {
    const name = roster.byJoinedName.get(letters.slice(0, at));
    if (name && endsWell(at)) {
      addName(options, name, i, i + 1, covered);
      return;
    }
  }
  for (const title of titles) {
    if (!letters.startsWith(title) || !boundaries.has(title.length)) continue;
    for (let at = letters.length; at > title.length + 2; at--) {
      if (!endsWell(at) || !roster.staffJoinedLastNames.has(letters.slice(title.length, at))) continue;
      addStaff(options, i, i + 1, covered);
      return;
    }
  }
}

/** A title names staff: "Mr Wood" is the teacher, not the pupil Tom Wood or his dad. */
function addStaff(options: FindEntitiesOptions, start: number, end: number, covered: Uint8Array) {
  const { occurrences, ids } = options;
  for (let k = start; k < end; k++) covered[k] = 1;
  occurrences.add(ids.$personName, start, end);
  occurrences.add(ids.$rosterStaff, start, end);
}

function matchWords(tokens: readonly Token[], start: number, words: readonly string[]): number {
  const sentence = tokens[start]!.sentence;
  for (let k = 0; k < words.length; k++) {
    const token = tokens[start + k];
    if (!token || token.sentence !== sentence || token.ignored) return -1;
    // "@Lucy Williams": a mention of the first name is the first name.
    const norm = k === 0 && token.norm.charCodeAt(0) === 64 ? token.norm.slice(1) : token.norm;
    if (norm !== words[k]) return -1;
  }
  return start + words.length;
}

/**
 * "I will Taylor my approach": a first name that is also a word counts only when capitalised, unless
 * the writer capitalises nothing at all and the whole full name is there ("willow begum in yr9").
 */
function looksLikeOrdinaryWords(
  options: FindEntitiesOptions,
  words: Token[],
  name: RosterName,
  lowerCaseWriter: boolean,
): boolean {
  if (name.first.length !== 1 || !options.commonWordNames.has(name.first[0]!)) return false;
  if (lowerCaseWriter && name.last.length > 0 && words.length === name.words.length) return false;
  const first = words.find((token) => token.norm === name.first[0]);
  return !first?.capitalised;
}

/** No capital letter anywhere in the post's words: names are written in lower case too. */
function writesInLowerCase(tokens: readonly Token[]): boolean {
  for (const token of tokens) if (!token.ignored && (token.capitalised || token.upper)) return false;
  return true;
}

function addName(
  options: FindEntitiesOptions,
  name: RosterName,
  start: number,
  end: number,
  covered: Uint8Array,
) {
  const { occurrences, ids, famousNames, asOf } = options;
  for (let k = start; k < end; k++) covered[k] = 1;
  occurrences.add(ids.$personName, start, end);
  if (famousNames.has(`${name.first.join(" ")} ${name.last.join(" ")}`)) {
    occurrences.add(ids.$rosterFamous, start, end);
    return;
  }
  for (const person of name.people) {
    switch (person.kind) {
      case "pupil":
        occurrences.add(ids.$rosterPupil, start, end);
        break;
      case "ex-pupil":
        occurrences.add(
          isAdult(person.dateOfBirth, asOf) ? ids.$rosterExPupilAdult : ids.$rosterExPupilMinor,
          start,
          end,
        );
        break;
      case "parent":
        occurrences.add(ids.$rosterParent, start, end);
        break;
      case "staff":
        occurrences.add(ids.$rosterStaff, start, end);
        break;
    }
  }
}

/** Clause 8.3 protects ex-pupils until 18; with no date of birth, assume the child is still protected. */
function isAdult(dateOfBirth: string | undefined, asOf: Date): boolean {
  const match = dateOfBirth ? /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(dateOfBirth) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const eighteenth = Date.UTC(year + 18, month - 1, day);
  return asOf.getTime() >= eighteenth;
}
