// An index of the people a post must not identify, keyed by folded name tokens so that a post is
// checked with one map lookup per word, whatever the size of the roster (2,000 pupils or 150,000).
import { tokenisePost } from "./tokenise-post";
import type { RosterPerson } from "./types";

export interface RosterName {
  first: string[];
  last: string[];
  /** first then last, folded: what a post must contain to name this person. */
  words: string[];
  people: RosterPerson[];
}

export interface RosterIndex {
  size: number;
  /** Full names keyed by the first token of the first name ("tom" -> Tom Dickson, Tom Hart, ...). */
  byFirstName: Map<string, RosterName[]>;
  /** The same names keyed by the first token of the last name, for "Dickson, Tom". */
  byLastName: Map<string, RosterName[]>;
  /** Pupils and ex-pupils by the first token of their first name, for "Amelia in 7C who lives on ...". */
  pupilFirstNames: Map<string, RosterPerson[]>;
  /** The first tokens of staff's first names, for "Lauren in English". */
  staffFirstNames: Set<string>;
  /** Staff by the first token of their last name, for "Mr Booth", "mrs rose", "Mr Van Dijk". */
  staffByLastName: Map<string, RosterName[]>;
  /** Staff's last names with every letter run together, for handles ("@MrsKowalski_NFA"). */
  staffJoinedLastNames: Set<string>;
  /** Full names with every letter run together ("cerysjohnson"), for handles ("@CerysJohnson82"). */
  byJoinedName: Map<string, RosterName>;
}

export interface BuildRosterIndexOptions {
  people: readonly RosterPerson[];
}

export function nameTokens(name: string): string[] {
  return tokenisePost(name).map((token) => token.norm);
}

export function buildRosterIndex({ people }: BuildRosterIndexOptions): RosterIndex {
  const byKey = new Map<string, RosterName>();
  const byFirstName = new Map<string, RosterName[]>();
  const byLastName = new Map<string, RosterName[]>();
  const pupilFirstNames = new Map<string, RosterPerson[]>();
  const staffFirstNames = new Set<string>();
  const staffByLastName = new Map<string, RosterName[]>();
  const staffJoinedLastNames = new Set<string>();
  const byJoinedName = new Map<string, RosterName>();
  const listedStaff = new Set<RosterName>();
  for (const person of people) {
    const first = nameTokens(person.firstName);
    const last = nameTokens(person.lastName);
    if (first.length === 0 || last.length === 0) continue;
    const key = `${first.join(" ")}|${last.join(" ")}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { first, last, words: [...first, ...last], people: [] };
      byKey.set(key, entry);
      pushTo(byFirstName, first[0]!, entry);
      pushTo(byLastName, last[0]!, entry);
      byJoinedName.set(joinedLetters(entry.words), entry);
    }
    entry.people.push(person);
    if (person.kind === "pupil" || person.kind === "ex-pupil") pushTo(pupilFirstNames, first[0]!, person);
    if (person.kind === "staff" && !listedStaff.has(entry)) {
      listedStaff.add(entry);
      pushTo(staffByLastName, last[0]!, entry);
      staffJoinedLastNames.add(joinedLetters(last));
      staffFirstNames.add(first[0]!);
    }
  }
  return {
    size: people.length,
    byFirstName,
    byLastName,
    pupilFirstNames,
    staffFirstNames,
    staffByLastName,
    staffJoinedLastNames,
    byJoinedName,
  };
}

/** Letters only, run together: "o'brien" and "obrien" meet, as they do in handles. */
export function joinedLetters(words: readonly string[]): string {
  let out = "";
  for (const word of words) for (const ch of word) if (ch >= "a" && ch <= "z") out += ch;
  return out;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
