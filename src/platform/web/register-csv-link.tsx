/** @jsxImportSource hono/jsx */
// "Download this register as CSV" on a register's own page. The capability that serves register
// exports declares where a register's CSV is and who may take it (its `registerExports`); a page
// names its register's table and, on a school's page, the school. Nothing shows when no capability
// serves exports, or when this person may not take this register.
import type { SignedInUser } from "../auth/sessions";
import { type Capability, capabilities, type RegisterExport } from "../capability";

/** The link to a register's CSV for this person, or null when there is none they may take. */
export function registerCsvLink(
  list: readonly Capability[],
  user: SignedInUser,
  table: string,
  school: { id: string; slug: string } | null,
): { href: string; register: RegisterExport } | null {
  const exporter = list.find((c) => c.registerExports)?.registerExports;
  const register = list.flatMap((c) => c.registers ?? []).find((r) => r.table === table);
  if (!exporter || !register || !exporter.may(user, register, school)) return null;
  return { href: exporter.href(register.table, school), register };
}

export function RegisterCsvLink(props: {
  user: SignedInUser;
  table: string;
  school?: { id: string; slug: string } | null;
}) {
  const school = props.school ?? null;
  const link = registerCsvLink(capabilities(), props.user, props.table, school);
  if (!link) return null;
  return (
    <p class="register-csv">
      <a href={link.href} download>
        Download this register as CSV
      </a>{" "}
      <span class="muted">
        ({link.register.name}
        {school ? ", this school's rows" : ", the rows your role may read"}; the export is recorded in the
        audit trail)
      </span>
    </p>
  );
}
