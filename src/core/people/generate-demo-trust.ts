// A made-up trust (Summit Learning Trust) with believable schools, staff, pupils, ex-pupils and
// parents, for the demo, tests and benchmarks. Same seed and date, same trust, on any machine.
import { HEADER_ALIASES, type PeopleCsvKind } from "./parse-people-csv";
import { withCheckLetter } from "./upn";
import type { ParentRow, PupilRow, SchoolRow, StaffRole, StaffRow } from "./types";

export type DemoTrust = {
  trust: { name: "Summit Learning Trust"; slug: string };
  schools: SchoolRow[];
  staff: StaffRow[];
  /** Pupils on roll on `asOf`. */
  pupils: PupilRow[];
  /** Pupils who have left (leftOn set): some still under 18 on `asOf`, some over. */
  exPupils: PupilRow[];
  parents: ParentRow[];
};

export type GenerateDemoTrustOptions = {
  /** Same seed and asOf give the same trust. Defaults to 1. */
  seed?: number;
  /** The day the data should look current on: ages, year groups and leaving dates follow from it. */
  asOf: Date;
  /**
   * How many schools (at least 3). The first three are always Summit Primary, Summit High and
   * Summit Academy as they are with the default; more add secondaries and all-through schools of
   * about 1,550 pupils and 155 staff each, so 100 schools is the size of a large real trust.
   */
  schools?: number;
};

/** A small, fast, seedable generator (mulberry32); Math.random would make the demo differ per run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

type Rng = ReturnType<typeof prng>;

// Names of people now in British schools and staff rooms, from many backgrounds. Deliberately
// absent: "Tom", "Anne" and "Harry" as first names and "Dickson" and "Potter" as surnames, so the
// named pupils below are the only ones the post checker can meet.
const names = (list: string): readonly string[] => list.trim().split(/\s+/);

const ADULT_FEMALE = names(`
  Sarah Emma Rachel Claire Helen Laura Rebecca Hannah Charlotte Katie Jessica Amy Gemma Nicola Joanne
  Siobhan Niamh Catrin Rhiannon Siân Eilidh Fiona Priya Aisha Fatima Nadia Shabana Ayesha Amara Chioma
  Ngozi Abena Grace Joy Marcia Simone Agnieszka Katarzyna Mei Lin Elif Zeynep Sofia Maria Louise
  Victoria Jasmine Harpreet Sunita Anjali Kerry Lisa Michelle Donna Yasmin Ruth Alison Bethan Samina
  Folake
`);
const ADULT_MALE = names(`
  David James Michael Daniel Paul Mark Andrew Richard Stephen Christopher Matthew Thomas Gareth Rhys
  Owen Dylan Callum Euan Iain Ciarán Sean Mohammed Imran Tariq Bilal Hamza Arjun Rajesh Sanjay Vikram
  Kwame Olusegun Chidi Tunde Delroy Marcus Tomasz Piotr Wei Jun Mehmet Emre Luca Marco Ben Joe Sam
  Adam Nathan Simon Gary Wayne Lee Neil Kieran Amir Asif Kofi Winston Stuart
`);
const CHILD_FEMALE = names(`
  Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Grace Freya Florence Evie Poppy Willow Ella Maya
  Aisha Zara Hafsa Maryam Amira Anaya Priya Simran Chloe Ruby Esme Niamh Seren Ffion Eilidh Zuzanna
  Lena Amara Adaeze Ife Nia Imani Mei Elif Layla Hannah Emily Jessica Phoebe Matilda Erin Zoë
  Charlotte Elizabeth Isabelle Aaliyah Sienna Harriet Darcie Khadija Ananya Oliwia Rosie
`);
const CHILD_MALE = names(`
  Oliver George Noah Arthur Leo Oscar Muhammad Jack Charlie Theo Freddie Alfie Archie Henry Jacob
  Joshua Ethan Louis Finley Reuben Isaac Rory Cian Callum Euan Dylan Rhys Ibrahim Yusuf Zayn Ayaan
  Arjun Rohan Kai Jayden Kofi Tobi Chinedu Kacper Jakub Mateo Luca Emre Jun Samuel Daniel Thomas
  Alexander William Max Elijah Ezra Hamza Logan Mason Reggie Ronnie Aarav Tyler Riley
`);
const SURNAMES = names(`
  Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
  Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner Martin
  Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen Scott Phillips Watson
  Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw
  Murphy Miller Cox Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman
  Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Owen Palmer Holmes Mills Barnes Knight Lloyd
  Butler Russell Fisher Ahmed Rahman Chowdhury Okafor Mensah Adeyemi Osei Nowak Kowalczyk Nguyen Chen
  Wong Yilmaz O'Brien O'Connor MacDonald McLeod Fraser Smith-Hall Sharma Kaur Gill Mahmood Iqbal
  Okonkwo Boateng Francis Grant Campbell-Brown Łukasik
`);
/** Names children are often known by. */
const KNOWN_AS: Record<string, string> = {
  Alexander: "Alex",
  Samuel: "Sam",
  Joshua: "Josh",
  Isabella: "Bella",
  Charlotte: "Lottie",
  Elizabeth: "Beth",
  William: "Will",
  Thomas: "Tommy",
  Oliver: "Ollie",
  Harriet: "Hattie",
};

const TRUST = { name: "Summit Learning Trust", slug: "summit-learning-trust" } as const;

type SchoolPlan = {
  school: SchoolRow;
  /** Inclusive range of year groups; Reception is 0. */
  years: [number, number];
  perYear: (year: number) => number;
  staff: number;
  seniorLeaders: number;
  volunteers: number;
  titles: { principal: string; leader: string[]; dsl: string; others: string[] };
  upnEstablishment: string;
};

const SCHOOL_PLANS: SchoolPlan[] = [
  {
    school: {
      slug: "summit-primary",
      name: "Summit Primary",
      phase: "primary",
      urn: "149201",
      timeZone: "Europe/London",
    },
    years: [0, 6],
    perYear: () => 30,
    staff: 25,
    seniorLeaders: 2,
    volunteers: 2,
    titles: {
      principal: "Headteacher",
      leader: ["Deputy Headteacher", "Assistant Headteacher"],
      dsl: "Deputy Headteacher and Designated Safeguarding Lead",
      others: [
        "Class Teacher",
        "Class Teacher",
        "Class Teacher",
        "Teaching Assistant",
        "Teaching Assistant",
        "Higher Level Teaching Assistant",
        "SENCO",
        "Early Years Practitioner",
        "School Business Manager",
        "Office Administrator",
        "Midday Supervisor",
        "Site Manager",
      ],
    },
    upnEstablishment: "2041",
  },
  {
    school: {
      slug: "summit-high",
      name: "Summit High",
      phase: "secondary",
      urn: "149202",
      timeZone: "Europe/London",
    },
    years: [7, 13],
    perYear: (y) => (y <= 11 ? 140 : 75),
    staff: 75,
    seniorLeaders: 6,
    volunteers: 3,
    titles: {
      principal: "Principal",
      leader: ["Vice Principal", "Assistant Principal"],
      dsl: "Assistant Principal and Designated Safeguarding Lead",
      others: [
        "Teacher of English",
        "Teacher of Mathematics",
        "Teacher of Science",
        "Teacher of History",
        "Teacher of Geography",
        "Teacher of Computing",
        "Teacher of Modern Languages",
        "Teacher of PE",
        "Teacher of Art",
        "Teacher of Music",
        "Head of Mathematics",
        "Head of English",
        "Head of Year",
        "Pastoral Manager",
        "Cover Supervisor",
        "Teaching Assistant",
        "Exams Officer",
        "Librarian",
        "Science Technician",
        "Attendance Officer",
        "Receptionist",
        "Data Manager",
        "Careers Adviser",
      ],
    },
    upnEstablishment: "4102",
  },
  {
    school: {
      slug: "summit-academy",
      name: "Summit Academy",
      phase: "all-through",
      urn: "149203",
      timeZone: "Europe/London",
    },
    years: [0, 13],
    perYear: (y) => (y <= 6 ? 20 : y <= 11 ? 50 : 25),
    staff: 45,
    seniorLeaders: 4,
    volunteers: 2,
    titles: {
      principal: "Principal",
      leader: ["Vice Principal", "Head of Primary Phase", "Assistant Principal"],
      dsl: "Assistant Principal and Designated Safeguarding Lead",
      others: [
        "Class Teacher",
        "Teaching Assistant",
        "Teacher of English",
        "Teacher of Mathematics",
        "Teacher of Science",
        "Teacher of Humanities",
        "Teacher of PE",
        "SENCO",
        "Head of Year",
        "Cover Supervisor",
        "Office Manager",
        "Site Manager",
        "Midday Supervisor",
      ],
    },
    upnEstablishment: "6905",
  },
];

// Places for the extra schools: 20 × 5 names, so 100 schools need no numbers.
const PLACE_STARTS = names(`
  Ash Beech Brook Cedar Elm Fern Hazel Holly Kings Lark Maple Oak Rowan Willow Wren Alder Birch
  Heath Meadow Thorn
`);
const PLACE_ENDS = names("field wood ley ton bridge");

/** The plan of the nth school (counting from 0) beyond the three Summit schools. */
function extraSchoolPlan(n: number): SchoolPlan {
  const place = `${PLACE_STARTS[n % PLACE_STARTS.length]}${PLACE_ENDS[Math.floor(n / PLACE_STARTS.length) % PLACE_ENDS.length]}`;
  const round = Math.floor(n / (PLACE_STARTS.length * PLACE_ENDS.length));
  const secondary = n % 2 === 0;
  const name = `${place} ${secondary ? "High School" : "Academy"}${round > 0 ? ` ${round + 1}` : ""}`;
  const model = SCHOOL_PLANS[secondary ? 1 : 2]!;
  return {
    ...model,
    school: {
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      name,
      phase: secondary ? "secondary" : "all-through",
      urn: String(150000 + n),
      timeZone: "Europe/London",
    },
    perYear: secondary ? (y) => (y <= 11 ? 250 : 125) : (y) => (y <= 11 ? (y <= 6 ? 100 : 140) : 100),
    staff: 155,
    seniorLeaders: 8,
    volunteers: 4,
    upnEstablishment: String(3000 + n),
  };
}

export const MIN_DEMO_SCHOOLS = SCHOOL_PLANS.length;

function schoolPlans(count: number): SchoolPlan[] {
  if (!Number.isInteger(count) || count < SCHOOL_PLANS.length)
    throw new RangeError(`The demo trust has at least ${SCHOOL_PLANS.length} schools (not ${count}).`);
  return [
    ...SCHOOL_PLANS,
    ...Array.from({ length: count - SCHOOL_PLANS.length }, (_, i) => extraSchoolPlan(i)),
  ];
}

const VOLUNTEER_TITLES = ["Volunteer Reader", "Volunteer Sports Coach", "Volunteer Library Assistant"];
/** A local authority code that exists, so the demo's UPNs pass DfE-style checks. */
const LA_CODE = "919";

// ---------------------------------------------------------------------------------------------
// Dates as YYYY-MM-DD strings, so no time zone can shift a birthday.

function isoOf(y: number, m: number, d: number): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function londonDate(instant: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The calendar year in which the academic year (1 September to 31 August) containing `iso` starts. */
export function academicYearStart(iso: string): number {
  const y = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 9 ? y : y - 1;
}

/**
 * The year group (Reception 0, Year 1 = 1…) a child born on `dateOfBirth` is in, by age, during the
 * academic year starting in `academicYear`: England's cohorts run from 1 September to 31 August.
 */
export function yearGroupByAge(dateOfBirth: string, academicYear: number): number {
  return academicYear - academicYearStart(dateOfBirth) - 5;
}

export function yearGroupName(year: number): string {
  return year < 0 ? "Nursery" : year === 0 ? "Reception" : `Year ${year}`;
}

function dobForYearGroup(rng: Rng, year: number, academicYear: number): string {
  const cohortStart = academicYear - 5 - year;
  const first = isoOf(cohortStart, 9, 1);
  return addDays(first, rng.int(0, daysBetween(first, isoOf(cohortStart + 1, 8, 31))));
}

// ---------------------------------------------------------------------------------------------

function emailLocal(first: string, last: string): string {
  const clean = (s: string) =>
    s
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ł/g, "l")
      .replace(/Ł/g, "L")
      .toLowerCase()
      .replace(/[^a-z]/g, "");
  return `${clean(first)}.${clean(last)}`;
}

function makeUpn(rng: Rng, entryYear: number, used: Set<string>): string {
  for (;;) {
    const establishment = String(rng.int(2000, 2999));
    const body = `${LA_CODE}${establishment}${String(entryYear % 100).padStart(2, "0")}${String(rng.int(0, 999)).padStart(3, "0")}`;
    const upn = withCheckLetter(body);
    if (!used.has(upn)) {
      used.add(upn);
      return upn;
    }
  }
}

type Family = {
  schoolSlug: string;
  surname: string;
  children: PupilRow[];
};

export function generateDemoTrust(options: GenerateDemoTrustOptions): DemoTrust {
  const rng = prng(options.seed ?? 1);
  const schoolPlanList = schoolPlans(options.schools ?? SCHOOL_PLANS.length);
  const today = londonDate(options.asOf);
  const academicYear = academicYearStart(today);
  const usedEmails = new Set<string>();
  const staffEmail = (first: string, last: string) => {
    const base = emailLocal(first, last);
    let local = base;
    for (let n = 2; usedEmails.has(local); n++) local = `${base}${n}`;
    usedEmails.add(local);
    return `${local}@summit.example.org`;
  };

  // Staff ------------------------------------------------------------------------------------
  const staff: StaffRow[] = [];
  let staffSeq = 10001;
  const person = (schoolSlug: string, jobTitle: string, roles: StaffRole[], lineManager: string | null) => {
    const female = rng.chance(0.65);
    const firstName = rng.pick(female ? ADULT_FEMALE : ADULT_MALE);
    const lastName = rng.pick(SURNAMES);
    const yearsAgo = rng.int(0, 18);
    const startDate = rng.chance(0.7)
      ? isoOf(academicYear - yearsAgo, 9, 1)
      : addDays(today, -rng.int(30, 365 * (yearsAgo + 1)));
    const row: StaffRow = {
      externalId: `E${staffSeq++}`,
      schoolSlug,
      firstName,
      lastName,
      email: staffEmail(firstName, lastName),
      jobTitle,
      employment: "employee",
      lineManagerExternalId: lineManager,
      startDate,
      leaveDate: null,
      roles,
    };
    staff.push(row);
    return row;
  };
  const principals = new Map<string, StaffRow>();
  for (const plan of schoolPlanList) {
    const slug = plan.school.slug;
    const principal = person(slug, plan.titles.principal, ["staff", "principal"], null);
    principals.set(slug, principal);
    const leaders: StaffRow[] = [];
    for (let i = 0; i < plan.seniorLeaders; i++) {
      const dsl = i === 1; // one DSL per school, a senior leader as the statutory guidance expects
      leaders.push(
        person(
          slug,
          dsl ? plan.titles.dsl : plan.titles.leader[i % plan.titles.leader.length]!,
          dsl ? ["staff", "senior-leader", "dsl"] : ["staff", "senior-leader"],
          principal.externalId,
        ),
      );
    }
    const others = plan.staff - 1 - plan.seniorLeaders;
    for (let i = 0; i < others; i++) {
      const volunteer = i >= others - plan.volunteers;
      const row = person(
        slug,
        volunteer ? VOLUNTEER_TITLES[i % VOLUNTEER_TITLES.length]! : rng.pick(plan.titles.others),
        ["staff"],
        rng.pick(leaders).externalId,
      );
      if (volunteer) {
        row.employment = "volunteer";
        row.startDate = addDays(today, -rng.int(20, 700));
      }
    }
  }
  // Trust-wide people sit with the largest school, reporting to its principal.
  const hub = "summit-high";
  person(hub, "Trust IT Director", ["staff", "it-director"], principals.get(hub)!.externalId);
  person(hub, "Trust HR Manager", ["staff", "hr"], principals.get(hub)!.externalId);
  const trustee = person(hub, "Trustee", ["trustee"], null);
  trustee.employment = "volunteer";
  // Two members of staff are leaving at the end of this academic year.
  for (const s of staff.filter((s) => s.roles.length === 1 && s.employment === "employee").slice(3, 5)) {
    s.leaveDate = isoOf(academicYear + 1, 8, 31);
  }

  // Pupils and their families ------------------------------------------------------------------
  const usedUpns = new Set<string>();
  const families: Family[] = [];
  const pupils: PupilRow[] = [];
  const named: Record<string, { year: number; first: string; surname: string }> = {
    // Names the post checker must tell apart from famous people or ordinary words.
    "summit-high:9": { year: 9, first: "Tom", surname: "Dickson" },
    "summit-high:8": { year: 8, first: "Anne", surname: "Smith" },
    "summit-high:10": { year: 10, first: "Harry", surname: "Whitfield" },
  };
  for (const plan of schoolPlanList) {
    const slug = plan.school.slug;
    const schoolFamilies: Family[] = [];
    for (let year = plan.years[0]; year <= plan.years[1]; year++) {
      const count = plan.perYear(year) + rng.int(-3, 3);
      for (let i = 0; i < count; i++) {
        const special = i === 0 ? named[`${slug}:${year}`] : undefined;
        const candidates = schoolFamilies.filter((f) => f.children.length < 3);
        let family: Family;
        if (!special && candidates.length > 0 && rng.chance(0.22)) {
          family = rng.pick(candidates);
        } else {
          family = { schoolSlug: slug, surname: special?.surname ?? rng.pick(SURNAMES), children: [] };
          schoolFamilies.push(family);
          families.push(family);
        }
        const female = rng.chance(0.5);
        const firstName = special?.first ?? rng.pick(female ? CHILD_FEMALE : CHILD_MALE);
        const knownAs = KNOWN_AS[firstName];
        const dateOfBirth = dobForYearGroup(rng, year, academicYear);
        const pupil: PupilRow = {
          externalId: makeUpn(rng, academicStartOfReception(dateOfBirth), usedUpns),
          schoolSlug: slug,
          firstName,
          // A few children carry a different surname from the family's (step-families, double-barrels).
          lastName: family.children.length > 0 && rng.chance(0.08) ? rng.pick(SURNAMES) : family.surname,
          preferredName: knownAs && rng.chance(0.5) ? knownAs : null,
          yearGroup: yearGroupName(year),
          dateOfBirth,
          leftOn: null,
        };
        family.children.push(pupil);
        pupils.push(pupil);
      }
    }
  }

  // A few staff have children at their own school: same name and email as their staff record.
  const staffParents = new Map<Family, StaffRow>();
  for (const [slug, howMany] of [
    ["summit-primary", 2],
    ["summit-high", 1],
    ["summit-academy", 2],
  ] as const) {
    const mums = staff.filter((s) => s.schoolSlug === slug && s.roles.length === 1 && s.roles[0] === "staff");
    const free = families.filter(
      (f) => f.schoolSlug === slug && !Object.values(named).some((n) => n.surname === f.surname),
    );
    for (let i = 0; i < howMany; i++) {
      const member = mums[i * 3 + 1]!;
      const family = free[i * 7 + 3]!;
      family.surname = member.lastName;
      for (const c of family.children) c.lastName = member.lastName;
      staffParents.set(family, member);
    }
  }
  // Ex-pupils -----------------------------------------------------------------------------------
  const exPupils: PupilRow[] = [];
  const leaver = (slug: string, year: number, leftAcademicYear: number, midYear: boolean, dob?: string) => {
    const dateOfBirth = dob ?? dobForYearGroup(rng, year, leftAcademicYear);
    const leftOn = midYear
      ? addDays(
          isoOf(leftAcademicYear, 9, 1),
          rng.int(0, Math.max(0, daysBetween(isoOf(leftAcademicYear, 9, 1), today) - 1)),
        )
      : isoOf(leftAcademicYear + 1, 7, rng.int(18, 23));
    const female = rng.chance(0.5);
    const row: PupilRow = {
      externalId: makeUpn(rng, academicStartOfReception(dateOfBirth), usedUpns),
      schoolSlug: slug,
      firstName: rng.pick(female ? CHILD_FEMALE : CHILD_MALE),
      lastName: rng.pick(SURNAMES),
      preferredName: null,
      yearGroup: yearGroupName(year),
      dateOfBirth,
      leftOn,
    };
    exPupils.push(row);
    return row;
  };
  // Year 6 leavers from Summit Primary who went up to Summit High keep their UPN: one child, two records.
  for (const p of pupils
    .filter((p) => p.schoolSlug === "summit-high" && p.yearGroup === "Year 7")
    .slice(0, 5)) {
    exPupils.push({
      ...p,
      schoolSlug: "summit-primary",
      yearGroup: "Year 6",
      leftOn: isoOf(academicYear, 7, 19),
    });
  }
  // Leavers of recent years: after GCSEs (Year 11), after A levels (Year 13), and mid-year moves.
  const plans: [string, number][] = [
    ["summit-high", 24],
    ["summit-academy", 20],
    ["summit-primary", 9],
  ];
  for (const [slug, count] of plans) {
    const plan = SCHOOL_PLANS.find((p) => p.school.slug === slug)!;
    for (let i = 0; i < count; i++) {
      const ago = rng.int(0, 6);
      const roll = rng.next();
      if (ago === 0 || roll < 0.15) {
        const year = rng.int(plan.years[0], plan.years[1]);
        leaver(slug, year, academicYear, true);
      } else if (plan.years[1] >= 11) {
        leaver(slug, roll < 0.65 ? 11 : 13, academicYear - ago, false);
      } else {
        leaver(slug, 6, academicYear - ago, false);
      }
    }
  }
  // Either side of an 18th birthday, where the policy's protection of ex-pupils ends (section 8).
  for (const offset of [20, -10]) {
    const dob = addDays(
      isoOf(Number(today.slice(0, 4)) - 18, Number(today.slice(5, 7)), Number(today.slice(8, 10))),
      offset,
    );
    const year11 = academicYearStart(dob) + 5 + 11;
    leaver("summit-high", 11, year11, false, dob);
  }

  // Parents -------------------------------------------------------------------------------------
  const parents: ParentRow[] = [];
  let contactSeq = 100001;
  let phoneSeq = 0;
  const phone = () => {
    const n = phoneSeq++;
    // Ofcom's ranges for drama: no real person can be rung by mistake.
    if (n < 1000) return `07700 900${String(n).padStart(3, "0")}`;
    if (n < 2000) return `01632 960${String(n - 1000).padStart(3, "0")}`;
    return null;
  };
  const parentEmail = (first: string, last: string) => {
    const local = emailLocal(first, last);
    const domain = rng.pick(["example.com", "example.net", "example.org"]);
    return rng.chance(0.5) ? `${local}@${domain}` : `${local.replace(".", "")}${rng.int(1, 99)}@${domain}`;
  };
  for (const family of families) {
    const upns = family.children.map((c) => c.externalId);
    const add = (firstName: string, lastName: string, relationship: string, email: string | null) => {
      parents.push({
        externalId: `C${contactSeq++}`,
        schoolSlug: family.schoolSlug,
        firstName,
        lastName,
        email,
        phone: rng.chance(0.9) ? phone() : null,
        pupilExternalIds: [...upns],
        relationship,
      });
    };
    const member = staffParents.get(family);
    if (member) {
      const mother = (ADULT_FEMALE as readonly string[]).includes(member.firstName);
      add(member.firstName, member.lastName, mother ? "Mother" : "Father", member.email);
    } else {
      const carer = rng.chance(0.04);
      const mother = rng.chance(0.7);
      const first = rng.pick(mother ? ADULT_FEMALE : ADULT_MALE);
      const last = rng.chance(0.9) ? family.surname : rng.pick(SURNAMES);
      add(
        first,
        last,
        carer ? rng.pick(["Carer", "Grandmother", "Aunt"]) : mother ? "Mother" : "Father",
        rng.chance(0.93) ? parentEmail(first, last) : null,
      );
    }
    if (rng.chance(0.7)) {
      const male = rng.chance(0.85);
      const first = rng.pick(male ? ADULT_MALE : ADULT_FEMALE);
      const last = rng.chance(0.78) ? family.surname : rng.pick(SURNAMES);
      add(
        first,
        last,
        male
          ? rng.pick(["Father", "Father", "Father", "Step-father"])
          : rng.pick(["Mother", "Step-mother", "Parent"]),
        rng.chance(0.85) ? parentEmail(first, last) : null,
      );
    }
  }

  return {
    trust: { ...TRUST },
    schools: schoolPlanList.map((p) => ({ ...p.school })),
    staff,
    pupils,
    exPupils,
    parents,
  };
}

/** UPNs are issued on first entry to school, normally Reception: the two-digit year in the UPN. */
function academicStartOfReception(dateOfBirth: string): number {
  return academicYearStart(dateOfBirth) + 5;
}

// ---------------------------------------------------------------------------------------------
// Writing the people back out as MIS-shaped CSV, for the demo and for round-trip tests.

/** RFC 4180 CSV with CRLF line endings, as Excel and MIS exports write it. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const cell = (v: string | null) => {
    const s = v ?? "";
    return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

export type PeopleToCsvOptions =
  | { kind: "staff"; rows: StaffRow[]; dates?: "uk" | "iso" }
  | { kind: "pupils"; rows: PupilRow[]; dates?: "uk" | "iso" }
  | {
      kind: "parents";
      rows: ParentRow[];
      dates?: "uk" | "iso";
      /** SIMS writes one row per contact and pupil; some exports list the pupils in one cell. */
      links?: "row-per-pupil" | "list";
    };

/** Writes rows as a CSV with the preferred header of each column, dates as DD/MM/YYYY unless asked. */
export function peopleToCsv(options: PeopleToCsvOptions): string {
  const headerOf = (kind: PeopleCsvKind, field: string) =>
    (HEADER_ALIASES[kind] as readonly { field: string; headers: readonly string[] }[]).find(
      (a) => a.field === field,
    )!.headers[0]!;
  const d = (iso: string | null) => {
    if (!iso || options.dates === "iso") return iso;
    const [y, m, day] = iso.split("-");
    return `${day}/${m}/${y}`;
  };
  const write = <T>(kind: PeopleCsvKind, fields: [string, (r: T) => string | null][], rows: T[]) =>
    toCsv(
      fields.map(([f]) => headerOf(kind, f)),
      rows.map((r) => fields.map(([, get]) => get(r))),
    );
  switch (options.kind) {
    case "staff":
      return write<StaffRow>(
        "staff",
        [
          ["externalId", (r) => r.externalId],
          ["firstName", (r) => r.firstName],
          ["lastName", (r) => r.lastName],
          ["email", (r) => r.email],
          ["jobTitle", (r) => r.jobTitle],
          ["employment", (r) => (r.employment === "volunteer" ? "Volunteer" : "Employee")],
          ["lineManagerExternalId", (r) => r.lineManagerExternalId],
          ["startDate", (r) => d(r.startDate)],
          ["leaveDate", (r) => d(r.leaveDate)],
          ["roles", (r) => r.roles.join("; ")],
          ["school", (r) => r.schoolSlug],
        ],
        options.rows,
      );
    case "pupils":
      return write<PupilRow>(
        "pupils",
        [
          ["externalId", (r) => r.externalId],
          ["firstName", (r) => r.firstName],
          ["preferredName", (r) => r.preferredName],
          ["lastName", (r) => r.lastName],
          ["yearGroup", (r) => r.yearGroup],
          ["dateOfBirth", (r) => d(r.dateOfBirth)],
          ["leftOn", (r) => d(r.leftOn)],
          ["school", (r) => r.schoolSlug],
        ],
        options.rows,
      );
    case "parents": {
      const perPupil = (options.links ?? "row-per-pupil") === "row-per-pupil";
      const rows = perPupil
        ? options.rows.flatMap((r) => r.pupilExternalIds.map((upn) => ({ ...r, pupilExternalIds: [upn] })))
        : options.rows;
      return write<ParentRow>(
        "parents",
        [
          ["externalId", (r) => r.externalId],
          ["firstName", (r) => r.firstName],
          ["lastName", (r) => r.lastName],
          ["email", (r) => r.email],
          ["phone", (r) => r.phone],
          ["relationship", (r) => r.relationship],
          ["pupilUpn", (r) => r.pupilExternalIds.join("; ")],
          ["school", (r) => r.schoolSlug],
        ],
        rows,
      );
    }
  }
}
