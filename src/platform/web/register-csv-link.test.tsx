/** @jsxImportSource hono/jsx */
// The "Download this register as CSV" link: drawn from the capability that declares
// `registerExports`, whatever order the list is in, and only for those it lets take the register.
import { describe, expect, it } from "vitest";
import { CAPABILITIES } from "../../capabilities";
import type { SignedInUser } from "../auth/sessions";
import { type Capability, checkCapabilityList, type RegisterExport } from "../capability";
import { RegisterCsvLink, registerCsvLink } from "./register-csv-link";

function user(role: SignedInUser["roles"][number]["role"], schoolId: string | null = null): SignedInUser {
  return {
    id: "u",
    email: "u@example.org",
    name: "U",
    staffId: null,
    roles: [{ role, schoolId }],
    sessionId: "s",
  };
}

const register: RegisterExport = {
  table: "visits",
  name: "Visits register",
  action: "acknowledgement.manage",
  columns: ["school"],
  rows: async function* () {},
};
const keeper: Capability = { key: "keeper", name: "Keeper", registers: [register] };
const exporter: Capability = {
  key: "exporter",
  name: "Exporter",
  registerExports: {
    href: (table, school) => `/out/${table}${school ? `/${school.slug}` : ""}`,
    may: (u) => u.roles.some((r) => r.role === "trust-admin"),
  },
};

describe("the register CSV link", () => {
  it("comes from the capability that serves exports, before or after the register's own in the list", () => {
    const school = { id: "s1", slug: "summit" };
    for (const list of [
      [keeper, exporter],
      [exporter, keeper],
    ]) {
      expect(registerCsvLink(list, user("trust-admin"), "visits", null)?.href).toBe("/out/visits");
      expect(registerCsvLink(list, user("trust-admin"), "visits", school)?.href).toBe("/out/visits/summit");
    }
  });

  it("is absent when no capability serves exports, the table is unknown, or the exporter refuses", () => {
    expect(registerCsvLink([keeper], user("trust-admin"), "visits", null)).toBeNull();
    expect(registerCsvLink([keeper, exporter], user("trust-admin"), "nothing", null)).toBeNull();
    expect(registerCsvLink([keeper, exporter], user("principal", "s1"), "visits", null)).toBeNull();
  });

  it("refuses a list in which two capabilities serve exports", () => {
    expect(() => checkCapabilityList([exporter, { ...exporter, key: "second" }])).toThrow(
      "Both exporter and second serve register exports",
    );
    expect(() => checkCapabilityList([keeper, exporter])).not.toThrow();
  });

  it("links a register's page to /exports for a trust admin, and shows a member of staff nothing", async () => {
    expect(CAPABILITIES.filter((c) => c.registerExports).map((c) => c.key)).toEqual(["picture"]);
    const admin = String(await (<RegisterCsvLink user={user("trust-admin")} table="acknowledgements" />));
    expect(admin).toContain('href="/exports/acknowledgements.csv"');
    expect(admin).toContain("the rows your role may read");
    const atSchool = String(
      await (
        <RegisterCsvLink user={user("principal", "s1")} table="training" school={{ id: "s1", slug: "a b" }} />
      ),
    );
    expect(atSchool).toContain('href="/exports/training.csv?school=a%20b"');
    expect(String(await (<RegisterCsvLink user={user("staff", "s1")} table="acknowledgements" />))).toBe("");
  });
});
