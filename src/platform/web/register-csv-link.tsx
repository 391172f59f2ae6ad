/** @jsxImportSource hono/jsx */
// "Download this register as CSV" on a register's own page. The capability that serves register
// exports says where a register's CSV is and who may take it (`serveRegisterExports`); a page
// names its register's table and, on a school's page, the school. Nothing shows when no capability
// serves exports, or when this person may not take this register.
import type { SignedInUser } from "../auth/sessions";
import { capabilities, type RegisterExport } from "../capability";

export type RegisterExporter = {
  href: (table: string, school: { slug: string } | null) => string;
  may: (user: SignedInUser, register: RegisterExport, school: { id: string } | null) => boolean;
};

let exporter: RegisterExporter | null = null;

/** Called once by the capability that serves `/exports` (the last call wins). */
export function serveRegisterExports(served: RegisterExporter): void {
  exporter = served;
}

export function RegisterCsvLink(props: {
  user: SignedInUser;
  table: string;
  school?: { id: string; slug: string } | null;
}) {
  const register = capabilities()
    .flatMap((c) => c.registers ?? [])
    .find((r) => r.table === props.table);
  const school = props.school ?? null;
  if (!exporter || !register || !exporter.may(props.user, register, school)) return null;
  return (
    <p class="register-csv">
      <a href={exporter.href(register.table, school)} download>
        Download this register as CSV
      </a>{" "}
      <span class="muted">
        ({register.name}
        {school ? ", this school's rows" : ", the rows your role may read"}; the export is recorded in the
        audit trail)
      </span>
    </p>
  );
}
