/** @jsxImportSource hono/jsx */
// The subject access record as a page: one section per heading, one card per record, each value
// labelled (cards, not wide tables, so it reads on a phone). A leader's page adds a redact form to
// each record of a redactable section.
import type { Child } from "hono/jsx";
import type { SubjectAccessRecord, SubjectAccessSection, SubjectAccessValue } from "../platform/capability";

/** "reportedAt" → "Reported at". */
export function labelOf(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function show(value: SubjectAccessValue): Child {
  if (value === null || value === "") return <span class="muted">none</span>;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">none</span>;
    return (
      <ul>
        {value.map((v) => (
          <li>{v}</li>
        ))}
      </ul>
    );
  }
  return String(value);
}

export function SubjectAccessSections(props: {
  sections: readonly SubjectAccessSection[];
  /** A leader's extra controls for one record of a redactable section. */
  recordActions?: (section: SubjectAccessSection, record: SubjectAccessRecord) => Child;
}) {
  return (
    <>
      {props.sections.map((section) => (
        <section aria-labelledby={`section-${section.key}`}>
          <h2 id={`section-${section.key}`}>
            {section.title} <span class="muted">({section.records.length})</span>
          </h2>
          {section.note ? <p class="muted">{section.note}</p> : null}
          {section.records.length === 0 ? (
            <p>Nothing held.</p>
          ) : (
            section.records.map((record) => (
              <div class="card">
                <dl>
                  {Object.entries(record)
                    .filter(([k]) => k !== "id")
                    .map(([k, v]) => (
                      <>
                        <dt>{labelOf(k)}</dt>
                        <dd>{show(v as SubjectAccessValue)}</dd>
                      </>
                    ))}
                </dl>
                {section.redactable && props.recordActions && record.redacted !== true
                  ? props.recordActions(section, record)
                  : null}
              </div>
            ))
          )}
        </section>
      ))}
    </>
  );
}
