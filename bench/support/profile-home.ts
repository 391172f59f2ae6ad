// Times each capability's home items for two demo sign-ins (BENCH_DATABASE_URL): which part of a home page costs.
import "../../src/capabilities";
import { eq } from "drizzle-orm";
import { capabilities } from "../../src/platform/capability";
import { readConfig } from "../../src/platform/config";
import { openDatabase } from "../../src/platform/db";
import { users } from "../../src/platform/auth/schema";
import { readSession, startSession } from "../../src/platform/auth/sessions";
import { countPeopleBySchool } from "../../src/core/people/count-people-by-school";
const config = { ...readConfig({ LOG_LEVEL: "silent" }), databaseUrl: process.env.BENCH_DATABASE_URL };
const database = await openDatabase({ config });
for (const email of ["helen.nowak@summit.example.org", "jessica.palmer@summit.example.org"]) {
  const [u] = await database.db.select().from(users).where(eq(users.email, email));
  console.log(email);
  let t = performance.now();
  await countPeopleBySchool(database.db);
  console.log("  headcounts", Math.round(performance.now() - t));
  t = performance.now();
  const token = await startSession(database.db, u!.id, "password");
  const user = (await readSession(database.db, token))!;
  await readSession(database.db, token);
  console.log("  session", Math.round(performance.now() - t));
  for (const c of capabilities()) {
    t = performance.now();
    await c.homeItems?.(database.db, user);
    await c.homePanels?.(database.db, user);
    console.log("  ", c.key, Math.round(performance.now() - t));
  }
}
await database.close();
