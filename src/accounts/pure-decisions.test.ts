// The pure decisions: school logins (5.3), a grant's state on a day (5.1), who may grant, CSV
// cells and UK local time.
import { describe, expect, it } from "vitest";
import { checkLoginEmail } from "./check-login-email";
import { grantState, mayGrantFor } from "./grant-state";
import { formatInstant, instantToLocal, zonedToInstant } from "./local-time";

describe("checkLoginEmail", () => {
  const base = { ownerEmail: "sam@hillhigh.sch.uk", trustDomains: ["summit.org.uk"] };
  it("accepts the owner's own domain and the trust's domains, in any case", () => {
    expect(checkLoginEmail({ ...base, loginEmail: "PE@HillHigh.sch.uk" })).toEqual({ ok: true });
    expect(checkLoginEmail({ ...base, loginEmail: "comms@summit.org.uk" })).toEqual({ ok: true });
  });
  it("refuses a personal address, naming the domains that would do", () => {
    const result = checkLoginEmail({ ...base, loginEmail: "hillhighpe@gmail.com" });
    expect(result).toEqual({
      ok: false,
      message:
        "The login must be on a school email (5.3), not gmail.com: use an address at summit.org.uk or hillhigh.sch.uk",
    });
  });
  it("refuses something that is not an address", () => {
    expect(checkLoginEmail({ ...base, loginEmail: "socials" }).ok).toBe(false);
  });
});

describe("grantState", () => {
  const grant = { expiresOn: "2026-12-10", endedAt: null, endReason: null, granteeLeaveDate: null };
  it("holds on its expiry day and expires the day after", () => {
    expect(grantState(grant, "2026-12-10")).toBe("live");
    expect(grantState(grant, "2026-12-11")).toBe("expired");
  });
  it("ends on the grantee's leaving date, before the job records it", () => {
    expect(grantState({ ...grant, granteeLeaveDate: "2026-12-05" }, "2026-12-04")).toBe("live");
    expect(grantState({ ...grant, granteeLeaveDate: "2026-12-05" }, "2026-12-05")).toBe("leaver");
  });
  it("reports a revocation and a recorded leaver", () => {
    expect(grantState({ ...grant, endedAt: new Date(), endReason: "revoked" }, "2026-12-01")).toBe("revoked");
    expect(grantState({ ...grant, endedAt: new Date(), endReason: "left" }, "2026-12-01")).toBe("ended-left");
  });
});

describe("mayGrantFor", () => {
  it("lets leaders of the account's own school grant, and trust admins for trust accounts only", () => {
    expect(mayGrantFor([{ role: "principal", schoolId: "a" }], "a")).toBe(true);
    expect(mayGrantFor([{ role: "senior-leader", schoolId: "a" }], "a")).toBe(true);
    expect(mayGrantFor([{ role: "principal", schoolId: "b" }], "a")).toBe(false);
    expect(mayGrantFor([{ role: "dsl", schoolId: "a" }], "a")).toBe(false);
    expect(mayGrantFor([{ role: "trust-admin", schoolId: null }], "a")).toBe(false);
    expect(mayGrantFor([{ role: "trust-admin", schoolId: null }], null)).toBe(true);
    expect(mayGrantFor([{ role: "principal", schoolId: "a" }], null)).toBe(false);
  });
});

describe("UK local time", () => {
  it("reads a planned time in London across the clock change", () => {
    expect(zonedToInstant("2030-01-06T09:00", "Europe/London").toISOString()).toBe(
      "2030-01-06T09:00:00.000Z",
    );
    expect(zonedToInstant("2030-07-06T09:00", "Europe/London").toISOString()).toBe(
      "2030-07-06T08:00:00.000Z",
    );
    expect(instantToLocal(new Date("2030-07-06T08:00:00Z"), "Europe/London")).toBe("2030-07-06T09:00");
    expect(formatInstant(new Date("2030-07-06T08:00:00Z"), "Europe/London")).toBe("6 July 2030 at 09:00");
  });
});
