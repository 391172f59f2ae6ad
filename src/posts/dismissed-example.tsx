/** @jsxImportSource hono/jsx */
// A leader who approves an official post despite the post check's findings is dismissing them: they
// may give the post to the trust as a labelled example, with a consent box, so the trust's checker
// learns from it (learning from use, issue 18). The approval page shows DismissedExampleFields in
// its form and, once the approval is recorded, calls keepDismissedExample. Nothing is kept unless
// the box is ticked.
import { eq } from "drizzle-orm";
import { schools } from "../core/people/schema";
import { TextArea } from "../platform/web/components";
import type { Db } from "../platform/db";
import { loadSchoolForCheck } from "./load-school-for-check";
import { storeExample } from "./submit-example";

export const DISMISSED_EXAMPLE_FIELDS = { consent: "exampleConsent", clauses: "exampleClauses" } as const;

type Values = Record<string, string | string[] | undefined>;
const one = (values: Values, name: string) => {
  const v = values[name];
  return typeof v === "string" ? v : "";
};

const clauseNumber = /^\d{1,2}(\.\d{1,2}){0,3}$/;

/** Pure: what the approval form says about giving the post as an example. */
export function readDismissedExample(
  values: Values,
): { give: false } | { give: true; clauses: string[] } | { give: "invalid"; field: string; message: string } {
  if (one(values, DISMISSED_EXAMPLE_FIELDS.consent) !== "yes") return { give: false };
  const clauses = [
    ...new Set(
      one(values, DISMISSED_EXAMPLE_FIELDS.clauses)
        .split(/[,\s]+/)
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  const bad = clauses.find((c) => !clauseNumber.test(c));
  if (bad)
    return {
      give: "invalid",
      field: DISMISSED_EXAMPLE_FIELDS.clauses,
      message: `"${bad}" is not a clause number such as 4.5.`,
    };
  if (clauses.length > 10)
    return { give: "invalid", field: DISMISSED_EXAMPLE_FIELDS.clauses, message: "Give at most 10 clauses." };
  return { give: true, clauses };
}

/** The consent box and the clauses, for the approval form of a draft the check found something in. */
export function DismissedExampleFields(props: { values: Values; errors: Record<string, string> }) {
  const { values, errors } = props;
  const consentError = errors[DISMISSED_EXAMPLE_FIELDS.consent];
  return (
    <fieldset class="stack">
      <legend>Was the post check wrong about this draft?</legend>
      <p class="hint">
        If you approve it despite the findings, you may give the post to the trust as an example, so the post
        check learns from it. It is kept with your name only if you tick the box.
      </p>
      <div class={consentError ? "field has-error" : "field"}>
        <label>
          <input
            type="checkbox"
            id={DISMISSED_EXAMPLE_FIELDS.consent}
            name={DISMISSED_EXAMPLE_FIELDS.consent}
            value="yes"
            checked={one(values, DISMISSED_EXAMPLE_FIELDS.consent) === "yes"}
          />{" "}
          I agree that the trust may keep this post, with my name, as an example for the post check
        </label>
      </div>
      <TextArea
        name={DISMISSED_EXAMPLE_FIELDS.clauses}
        label="Clauses it does breach (optional)"
        hint="Leave empty if the post breaches none; otherwise clause numbers such as 5.4, 8.2.1"
        value={one(values, DISMISSED_EXAMPLE_FIELDS.clauses)}
        error={errors[DISMISSED_EXAMPLE_FIELDS.clauses]}
        maxLength={200}
      />
    </fieldset>
  );
}

/**
 * Keeps an approved official post as a "dismissed" example for its school. The caller has recorded
 * the approval (so the actor is a leader who may approve for that school) and read consent with
 * readDismissedExample. A trust-wide account has no school, so its posts are not kept.
 */
export async function keepDismissedExample(
  db: Db,
  input: { actor: { id: string; label: string }; schoolId: string | null; text: string; clauses: string[] },
): Promise<{ kept: true; id: string } | { kept: false }> {
  if (!input.schoolId || !input.text.trim()) return { kept: false };
  const [school] = await db
    .select({ slug: schools.slug })
    .from(schools)
    .where(eq(schools.id, input.schoolId));
  const found = school ? await loadSchoolForCheck(db, school.slug) : null;
  if (!found) return { kept: false };
  const id = await storeExample(db, {
    actor: input.actor,
    school: found,
    context: "official",
    text: input.text,
    clauses: input.clauses,
    reason: "dismissed",
  });
  return { kept: true, id };
}
