// What the post check needs from the database: the school's settings, its roster as an index,
// and the trust's rule set. Roster indexes are cached per school and rebuilt only when the
// school's people change, so a check costs one small query, not a roster load.
import { eq, sql } from "drizzle-orm";
import { loadSanctionedPlatforms } from "../accounts/load-sanctioned-platforms";
import type { DbOrTx } from "../platform/db";
import { parents, pupils, schools, staff, trusts } from "../core/people/schema";
import { policyVersions } from "../policy/schema";
import { templateClauseMap } from "../policy/template-clauses";
import { buildRosterIndex, type RosterIndex } from "./build-roster-index";
import { loadRuleSet, type RuleSet } from "./load-rule-set";
import type { RosterPerson, SchoolSettings } from "./types";

type CachedRoster = { stamp: string; index: RosterIndex };
const rosterCache = new Map<string, CachedRoster>();
let ruleCache: { key: string; ruleSet: RuleSet } | null = null;

export type SchoolForCheck = {
  schoolId: string;
  settings: SchoolSettings;
  roster: RosterIndex;
  rules: RuleSet;
  /** The current policy version ("v3"), cited in every result; undefined before one is approved. */
  policyVersion: string | undefined;
};

export async function rosterStamp(db: DbOrTx, schoolId: string): Promise<string> {
  const result = await db.execute(sql`select
      (select coalesce(max(updated_at)::text, '') || count(*) from pupils where school_id = ${schoolId}) ||
      (select coalesce(max(updated_at)::text, '') || count(*) from parents where school_id = ${schoolId}) ||
      (select coalesce(max(updated_at)::text, '') || count(*) from staff where school_id = ${schoolId}) as stamp`);
  return String(result.rows[0]?.stamp ?? "");
}

export async function loadRoster(
  db: DbOrTx,
  schoolId: string,
  slug: string,
  today = new Date(),
): Promise<RosterPerson[]> {
  const todayIso = today.toISOString().slice(0, 10);
  const people: RosterPerson[] = [];
  for (const p of await db.select().from(pupils).where(eq(pupils.schoolId, schoolId))) {
    const left = p.leftOn !== null && p.leftOn < todayIso;
    const base = {
      school: slug,
      lastName: p.lastName,
      yearGroup: p.yearGroup,
      dateOfBirth: p.dateOfBirth,
      leftOn: p.leftOn ?? undefined,
    };
    people.push({ kind: left ? "ex-pupil" : "pupil", firstName: p.firstName, ...base });
    if (p.preferredName && p.preferredName !== p.firstName)
      people.push({ kind: left ? "ex-pupil" : "pupil", firstName: p.preferredName, ...base });
  }
  for (const p of await db.select().from(parents).where(eq(parents.schoolId, schoolId))) {
    people.push({ kind: "parent", school: slug, firstName: p.firstName, lastName: p.lastName });
  }
  for (const s of await db.select().from(staff).where(eq(staff.schoolId, schoolId))) {
    people.push({ kind: "staff", school: slug, firstName: s.firstName, lastName: s.lastName });
  }
  return people;
}

/**
 * The default rules, then the current policy's own clause numbers (so findings cite the school's
 * numbering, found by wording), then the trust's additions (which win).
 */
export async function loadRuleSetForTrust(
  db: DbOrTx,
): Promise<{ ruleSet: RuleSet; policyVersion: string | undefined }> {
  const [trust] = await db.select({ postRules: trusts.postRules }).from(trusts).limit(1);
  const [current] = await db
    .select({ id: policyVersions.id, number: policyVersions.number })
    .from(policyVersions)
    .where(eq(policyVersions.status, "current"))
    .limit(1);
  const key = JSON.stringify([trust?.postRules ?? null, current?.id ?? null]);
  const policyVersion = current ? `v${current.number}` : undefined;
  if (ruleCache?.key === key) return { ruleSet: ruleCache.ruleSet, policyVersion };
  const extensions: unknown[] = [];
  if (current) {
    const [version] = await db
      .select({ parsed: policyVersions.parsed })
      .from(policyVersions)
      .where(eq(policyVersions.id, current.id));
    const clauseMap = templateClauseMap(version!.parsed);
    if (Object.keys(clauseMap).length)
      extensions.push({ name: "current-policy", version: `v${current.number}`, clauseMap });
  }
  if (trust?.postRules) extensions.push(trust.postRules);
  const loaded = loadRuleSet({ extensions });
  // Extensions are validated when saved; if an old one no longer loads, fall back to the defaults.
  const ruleSet = loaded.ok ? loaded.ruleSet : (loadRuleSet() as { ok: true; ruleSet: RuleSet }).ruleSet;
  ruleCache = { key, ruleSet };
  return { ruleSet, policyVersion };
}

export async function loadSchoolForCheck(db: DbOrTx, schoolSlug: string): Promise<SchoolForCheck | null> {
  const [school] = await db.select().from(schools).where(eq(schools.slug, schoolSlug)).limit(1);
  if (!school) return null;
  const stamp = await rosterStamp(db, school.id);
  let cached = rosterCache.get(school.id);
  if (!cached || cached.stamp !== stamp) {
    cached = { stamp, index: buildRosterIndex({ people: await loadRoster(db, school.id, school.slug) }) };
    rosterCache.set(school.id, cached);
  }
  const rules = await loadRuleSetForTrust(db);
  return {
    schoolId: school.id,
    settings: {
      slug: school.slug,
      name: school.name,
      shortNames: school.settings.shortNames,
      officialHandles: school.settings.officialHandles,
      // The register of sanctioned platforms (6.1) is the official accounts capability's.
      sanctionedPlatforms: await loadSanctionedPlatforms(db, school.id),
      streets: school.settings.streets,
    },
    roster: cached.index,
    rules: rules.ruleSet,
    policyVersion: rules.policyVersion,
  };
}
