import { describe, expect, it } from "vitest";
import { evidencePurgeDate, isDueForPurge } from "./retention";

describe("evidencePurgeDate", () => {
  it("adds whole days", () => {
    const purgeAt = evidencePurgeDate({ storedAt: new Date("2026-01-10T09:15:00Z"), retentionDays: 365 });
    expect(purgeAt.toISOString()).toBe("2027-01-10T09:15:00.000Z");
  });

  it("keeps the school's local time across the change to BST", () => {
    // 12:00 GMT on 15 March; 30 days later it is 12:00 BST, which is 11:00 UTC.
    const purgeAt = evidencePurgeDate({ storedAt: new Date("2026-03-15T12:00:00Z"), retentionDays: 30 });
    expect(purgeAt.toISOString()).toBe("2026-04-14T11:00:00.000Z");
  });

  it("counts days in the zone it is given", () => {
    const purgeAt = evidencePurgeDate({
      storedAt: new Date("2026-03-15T12:00:00Z"),
      retentionDays: 30,
      timeZone: "Asia/Tokyo",
    });
    expect(purgeAt.toISOString()).toBe("2026-04-14T12:00:00.000Z");
  });

  it("throws on a period no validated configuration would hold", () => {
    const storedAt = new Date("2026-01-10T09:15:00Z");
    expect(() => evidencePurgeDate({ storedAt, retentionDays: 0 })).toThrow(RangeError);
    expect(() => evidencePurgeDate({ storedAt, retentionDays: 1.5 })).toThrow(RangeError);
    expect(() => evidencePurgeDate({ storedAt, retentionDays: Number.POSITIVE_INFINITY })).toThrow(
      RangeError,
    );
    expect(() => evidencePurgeDate({ storedAt: new Date("x"), retentionDays: 1 })).toThrow(RangeError);
  });
});

describe("isDueForPurge", () => {
  const storedAt = new Date("2026-01-10T09:15:00Z");
  it("is not due a moment before the purge date, and is due from it on", () => {
    expect(isDueForPurge({ storedAt, retentionDays: 7, asOf: new Date("2026-01-17T09:14:59Z") })).toBe(false);
    expect(isDueForPurge({ storedAt, retentionDays: 7, asOf: new Date("2026-01-17T09:15:00Z") })).toBe(true);
    expect(isDueForPurge({ storedAt, retentionDays: 7, asOf: new Date("2027-01-01T00:00:00Z") })).toBe(true);
  });

  it("never purges evidence on hold", () => {
    expect(
      isDueForPurge({ storedAt, retentionDays: 7, asOf: new Date("2027-01-01T00:00:00Z"), onHold: true }),
    ).toBe(false);
  });

  it("throws on an invalid asOf", () => {
    expect(() => isDueForPurge({ storedAt, retentionDays: 7, asOf: new Date("x") })).toThrow(RangeError);
  });
});
