// The acknowledgement register of the current version, school by school, for the schools the
// viewer manages: the same rows as the completion page's CSV (register-csv.ts).
import { asc } from "drizzle-orm";
import { schools } from "../core/people/schema";
import type { RegisterExport } from "../platform/capability";
import { inSchoolScope } from "../platform/school-scope";
import { loadCurrentPolicy } from "../policy/load-current-policy";
import { completionForSchool } from "./list-completion";
import { REGISTER_COLUMNS, registerRow } from "./register-csv";

export const acknowledgementRegisters: readonly RegisterExport[] = [
  {
    table: "acknowledgements",
    name: "Acknowledgement register of the current version",
    action: "acknowledgement.manage",
    columns: ["school", "version", ...REGISTER_COLUMNS],
    async *rows({ db, scope, notePerson }) {
      const version = await loadCurrentPolicy(db);
      if (!version) return;
      const inScope = await db
        .select({ id: schools.id, name: schools.name })
        .from(schools)
        .where(inSchoolScope(schools.id, scope))
        .orderBy(asc(schools.name));
      for (const school of inScope) {
        const rows = await completionForSchool(db, { versionId: version.id, schoolId: school.id });
        for (const r of rows) {
          notePerson?.(r.staffId);
          yield [school.name, version.number, ...registerRow(r)];
        }
      }
    },
  },
];
