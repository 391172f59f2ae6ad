// A small school, roster and rule set shared by the post-check tests.
import { buildRosterIndex } from "./build-roster-index";
import { checkPost } from "./check-post";
import { loadRuleSet, type RuleSet } from "./load-rule-set";
import type { PostCheckResult, PostContext, RosterPerson, SchoolSettings } from "./types";

export const summitHigh: SchoolSettings = {
  slug: "summit-high",
  name: "Summit High School",
  shortNames: ["Summit High", "SHS"],
  officialHandles: ["@SummitHighSch"],
  sanctionedPlatforms: ["Google Classroom", "Microsoft Teams"],
  streets: ["Mill Lane", "Hawthorn Close"],
};

export const people: RosterPerson[] = [
  {
    kind: "pupil",
    school: "summit-high",
    firstName: "Tom",
    lastName: "Dickson",
    yearGroup: "Year 9",
    dateOfBirth: "2011-03-14",
  },
  {
    kind: "pupil",
    school: "summit-high",
    firstName: "Anne",
    lastName: "Smith",
    yearGroup: "Year 8",
    dateOfBirth: "2012-11-02",
  },
  { kind: "pupil", school: "summit-high", firstName: "Oliver", lastName: "Twistleton", yearGroup: "Year 10" },
  { kind: "pupil", school: "summit-high", firstName: "Zoë", lastName: "Müller", yearGroup: "Year 9" },
  {
    kind: "pupil",
    school: "summit-high",
    firstName: "Anne-Marie",
    lastName: "O'Brien",
    yearGroup: "Year 11",
  },
  { kind: "pupil", school: "summit-high", firstName: "Harry", lastName: "Kane", yearGroup: "Year 12" },
  { kind: "pupil", school: "summit-high", firstName: "Will", lastName: "Taylor", yearGroup: "Year 7" },
  { kind: "pupil", school: "summit-high", firstName: "Amelia", lastName: "Hart", yearGroup: "Year 7" },
  {
    kind: "ex-pupil",
    school: "summit-high",
    firstName: "Jordan",
    lastName: "Pike",
    dateOfBirth: "2009-01-10",
    leftOn: "2025-07-18",
  },
  {
    kind: "ex-pupil",
    school: "summit-high",
    firstName: "Chloe",
    lastName: "Barnes",
    dateOfBirth: "2001-05-02",
    leftOn: "2019-07-19",
  },
  { kind: "parent", school: "summit-high", firstName: "Karen", lastName: "Dickson" },
  { kind: "staff", school: "summit-high", firstName: "David", lastName: "Okafor" },
];

export const roster = buildRosterIndex({ people });

const loaded = loadRuleSet();
if (!loaded.ok) throw new Error(`default rules do not load: ${JSON.stringify(loaded.errors)}`);
export const rules: RuleSet = loaded.ruleSet;

export const asOf = new Date("2026-01-15T12:00:00Z");

export function check(
  text: string,
  context: PostContext = "personal",
  ruleSet: RuleSet = rules,
): PostCheckResult {
  return checkPost({ text, context, school: summitHigh, roster, rules: ruleSet, asOf });
}

export function clauses(result: PostCheckResult): string[] {
  return [
    ...new Set(result.findings.flatMap((finding) => [finding.clause, ...(finding.alsoClauses ?? [])])),
  ].sort();
}
