// The post check: findings before publishing, citing the clause, with the words marked.
import "./audit-events";
import { count, eq } from "drizzle-orm";
import { withDatabase } from "../cli/shared";
import type { Capability } from "../platform/capability";
import { postSubjectAccess } from "./subject-access";
import { registerPostCommands } from "./cli";
import { postCheckEvidence } from "./control-evidence";
import { loadDemoPostChecks } from "./load-demo-post-checks";
import { loadSchoolForCheck } from "./load-school-for-check";
import { postPermissions } from "./permissions";
import { exampleRoutes } from "./examples-routes";
import { addPostCheckOperation, postRoutes } from "./routes";
import { postChecks } from "./schema";
import { postCheckReportSections } from "./report-section";

export const posts: Capability = {
  key: "posts",
  name: "Post check",
  reportSections: postCheckReportSections,
  permissions: postPermissions,
  routes: [postRoutes, exampleRoutes],
  api: addPostCheckOperation,
  nav: [{ href: "/posts/check", label: "Check a post", action: "posts.check" }],
  adminLinks: [
    {
      href: "/admin/post-rules",
      label: "Post check rules and school settings",
      description: "the trust's own words, each school's names, handles and platforms",
      action: "trust.manage",
    },
    {
      href: "/admin/post-examples",
      label: "Post check examples",
      description:
        "posts staff gave as examples: who, when, the check's answer and theirs; download, withdraw",
      action: "posts.examples",
    },
  ],
  controls: [
    {
      key: "post-check",
      name: "Post check",
      does: "Staff check a post before publishing; findings cite the clause",
      href: "/posts/check",
      defaults: [
        "4.1",
        "4.4",
        "4.5",
        "4.6",
        "4.7",
        "4.7.1",
        "4.7.2",
        "5.4",
        "6.1",
        "7.2",
        "7.3",
        "7.4",
        "8.2.1",
      ],
      evidence: postCheckEvidence,
    },
  ],
  subjectAccess: postSubjectAccess,
  personalData: async (db, person) => {
    const [row] = await db
      .select({ n: count() })
      .from(postChecks)
      .where(eq(postChecks.userId, person.userId));
    return [
      {
        label: "Posts you have checked",
        count: row?.n ?? 0,
        note: "only the verdict is kept, never the text",
      },
    ];
  },
  demo: loadDemoPostChecks,
  cli: (program) =>
    registerPostCommands(program, {
      // Without --roster/--schools the school and its roster come from Conduct's database.
      loadFromDatabase: (slug) =>
        withDatabase(async (database) => {
          const found = await loadSchoolForCheck(database.db, slug);
          if (!found)
            throw new Error(
              `There is no school "${slug}" in the database. See \`conduct status\`, or use --schools/--roster.`,
            );
          return { school: found.settings, roster: found.roster };
        }),
    }),
};
