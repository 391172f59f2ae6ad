/** @jsxImportSource hono/jsx */
// The trust's post check examples: who gave each and when, the checker's answer beside theirs, a
// filter by reason, a download in the corpus format, and withdrawal (trust-examples.ts decides who
// sees which school's examples, and audits every read).
import type { Context } from "hono";
import { DataTable } from "../platform/web/components";
import type { SignedInEnv } from "../platform/web/context";
import { setFlash } from "../platform/web/flash";
import { notFound, Routes } from "../platform/web/guard";
import { Layout } from "../platform/web/layout";
import { answerMoved, checkExamplesToday, tallyExamples } from "./examples-today";
import {
  exampleAsCorpusLine,
  exampleScope,
  listExamplesFor,
  parseReasonFilter,
  withdrawExample,
} from "./trust-examples";

const EXAMPLES = { action: "posts.examples" } as const;
const REASON_LABELS: Record<string, string> = {
  wrong: "Said the check was wrong",
  dismissed: "Dismissed a finding when approving",
};
const clauseList = (clauses: string[]) => (clauses.length ? clauses.join(", ") : "none (harmless)");
const ofTotal = (part: number, whole: number) =>
  whole === 0 ? "none" : `${part} of ${whole} (${Math.round((100 * part) / whole)}%)`;

async function examplesPage(c: Context<SignedInEnv>) {
  const user = c.get("user");
  const { db } = c.get("services").database;
  const reason = parseReasonFilter(c.req.query("reason"));
  const listed = await listExamplesFor(db, user, { reason, purpose: "viewed" });
  const { todayClauses, rulesVersion } = await checkExamplesToday(db, listed);
  const rows = listed.map((example, i) => {
    const answers = { ...example, todayClauses: todayClauses[i]! };
    return { ...answers, moved: answerMoved(answers) };
  });
  const tally = tallyExamples(rows);
  const scope = exampleScope(user);
  const query = reason ? `?reason=${reason}` : "";
  return c.html(
    <Layout title="Post check examples" user={user} current="/admin" flash={c.get("flash")} wide>
      <p>
        Posts that staff gave, with their consent, as labelled examples: after saying the post check was
        wrong, or after dismissing its findings when approving an official post.{" "}
        {scope === "trust"
          ? "These are every school's examples."
          : "These are the examples of the schools you lead."}{" "}
        Download them to retrain the trust's checker (
        <code>npx tsx scripts/train-post-classifier.ts --extra FILE</code>) or to score it (
        <code>npm run eval:posts -- --corpus FILE</code>). Withdrawing an example deletes it.
      </p>
      <form method="get" action="/admin/post-examples" class="stack">
        <label for="reason">Reason</label>{" "}
        <select id="reason" name="reason">
          <option value="" selected={!reason}>
            Any
          </option>
          {Object.entries(REASON_LABELS).map(([value, label]) => (
            <option value={value} selected={reason === value}>
              {label}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Show</button>
      </form>
      <p>
        <a href={`/admin/post-examples/download${query}`} download="post-examples.jsonl">
          Download {reason ? "these" : "all"} {rows.length} as JSON Lines
        </a>
      </p>
      {tally.total > 0 && (
        <section aria-labelledby="today-heading">
          <h2 id="today-heading">Today's check on {reason ? "these" : "the"} examples</h2>
          <p>
            Each example checked again now, with the rules in use today
            {rulesVersion ? ` (version ${rulesVersion})` : ""} and each school's current roster, against what
            the person who gave it said. The check's answer stored with an example is the one it gave on the
            day.
          </p>
          <ul>
            <li>
              Problems flagged: {ofTotal(tally.problemsFlagged, tally.problems)}; citing one of the clauses
              the giver named: {ofTotal(tally.problemsRightClause, tally.problems)}.
            </li>
            <li>Harmless posts let through: {ofTotal(tally.harmlessPassed, tally.harmless)}.</li>
            <li>
              Since they were given, the check has come round to the giver's answer on {tally.nowAgree} and
              moved away from it on {tally.nowDisagree}.
            </li>
          </ul>
        </section>
      )}
      <DataTable
        caption="Examples, newest first"
        rows={rows}
        empty="No examples have been given yet."
        columns={[
          {
            label: "Given by",
            cell: (e) => (
              <>
                {e.submitterName}
                <br />
                <span class="muted">{e.submittedAt.toISOString().slice(0, 16).replace("T", " ")}</span>
              </>
            ),
          },
          { label: "School", cell: (e) => e.schoolName },
          { label: "Where", cell: (e) => e.context },
          { label: "Post", cell: (e) => <blockquote class="checked-post">{e.text}</blockquote> },
          { label: "The check said", cell: (e) => clauseList(e.checkerClauses) },
          { label: "They said", cell: (e) => clauseList(e.clauses) },
          {
            label: "The check says today",
            cell: (e) => (
              <>
                {clauseList(e.todayClauses)}
                {e.moved && (
                  <>
                    <br />
                    <strong>{e.moved === "now agrees" ? "now agrees with them" : "no longer agrees"}</strong>
                  </>
                )}
              </>
            ),
          },
          { label: "Reason", cell: (e) => REASON_LABELS[e.reason] ?? e.reason },
          {
            label: "Withdraw",
            cell: (e) => (
              <form method="post" action={`/admin/post-examples/${e.id}/withdraw`}>
                <button type="submit" class="secondary">
                  Withdraw
                  <span class="visually-hidden">
                    {" "}
                    the example given by {e.submitterName} on {e.submittedAt.toISOString().slice(0, 10)}
                  </span>
                </button>
              </form>
            ),
          },
        ]}
      />
    </Layout>,
  );
}

export const exampleRoutes = new Routes()
  .get("/admin/post-examples", EXAMPLES, (c) => examplesPage(c))
  .get("/admin/post-examples/download", EXAMPLES, async (c) => {
    const { db } = c.get("services").database;
    const reason = parseReasonFilter(c.req.query("reason"));
    const rows = await listExamplesFor(db, c.get("user"), { reason, purpose: "downloaded" });
    const body = rows.map((row) => `${exampleAsCorpusLine(row)}\n`).join("");
    return c.body(body, 200, {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="post-examples${reason ? `-${reason}` : ""}.jsonl"`,
      "cache-control": "no-store",
    });
  })
  .post("/admin/post-examples/:id/withdraw", EXAMPLES, async (c) => {
    const { db } = c.get("services").database;
    const result = await withdrawExample(db, c.get("user"), c.req.param("id") ?? "");
    if (!result.ok) return notFound(c, "example");
    setFlash(c, "The example is withdrawn: it is deleted and will not be used again.");
    return c.redirect("/admin/post-examples", 303);
  });
