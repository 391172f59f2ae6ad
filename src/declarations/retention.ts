// When a file in the evidence vault (8.3.2) is due to be purged. The policy sets no period; the
// trust configures one, and a file tied to an open concern or case is held until that closes.
import { TZDate } from "@date-fns/tz";
import { addDays } from "date-fns";
import { assertTimeZone, defaultTimeZone } from "../core/calendar/calendar-date";

export interface EvidencePurgeDateOptions {
  storedAt: Date;
  /** Whole days, as the trust's retention schedule states them. */
  retentionDays: number;
  /** Days are counted in the school's zone, so the purge keeps the local time across clock changes. */
  timeZone?: string;
}

export function evidencePurgeDate({
  storedAt,
  retentionDays,
  timeZone = defaultTimeZone,
}: EvidencePurgeDateOptions): Date {
  // The period comes from validated configuration, so a bad one is a bug rather than a user error.
  if (!Number.isSafeInteger(retentionDays) || retentionDays <= 0) {
    throw new RangeError(`retentionDays must be a positive whole number, not ${retentionDays}`);
  }
  if (Number.isNaN(storedAt.getTime())) throw new RangeError("storedAt is not a valid instant");
  assertTimeZone(timeZone);
  return new Date(addDays(new TZDate(storedAt.getTime(), timeZone), retentionDays).getTime());
}

export interface IsDueForPurgeOptions extends EvidencePurgeDateOptions {
  asOf: Date;
  /** Evidence attached to an open concern or case must not be destroyed mid-investigation. */
  onHold?: boolean;
}

export function isDueForPurge({ asOf, onHold = false, ...period }: IsDueForPurgeOptions): boolean {
  if (Number.isNaN(asOf.getTime())) throw new RangeError("asOf is not a valid instant");
  const purgeAt = evidencePurgeDate(period);
  return !onHold && asOf.getTime() >= purgeAt.getTime();
}
