// Pure decisions about permission to post (5.1): whether a grant holds on a day, and who may give one.
import type { RoleAssignment } from "../platform/auth/permissions";

export type GrantState = "live" | "expired" | "revoked" | "ended-left" | "leaver";

export type GrantFacts = {
  expiresOn: string;
  endedAt: Date | null;
  endReason: "revoked" | "left" | null;
  /** The grantee's leaving date, if the staff record has one. */
  granteeLeaveDate: string | null;
};

/** `today` is a calendar date (YYYY-MM-DD) in the school's zone; the expiry day itself still holds. */
export function grantState(grant: GrantFacts, today: string): GrantState {
  if (grant.endedAt) return grant.endReason === "left" ? "ended-left" : "revoked";
  // A leaver's grant ends on their leaving date, even before the daily job has recorded it.
  if (grant.granteeLeaveDate && grant.granteeLeaveDate <= today) return "leaver";
  if (grant.expiresOn < today) return "expired";
  return "live";
}

export const GRANT_STATE_LABELS: Record<GrantState, string> = {
  live: "Live",
  expired: "Expired",
  revoked: "Revoked",
  "ended-left": "Ended: left the school",
  leaver: "Ended: left the school",
};

export const SCHOOL_GRANTING_ROLES = ["principal", "senior-leader"] as const;

/**
 * 5.1 "by a school leader": a principal or senior leader of the account's own school; for the
 * trust's own accounts, a trust administrator.
 */
export function mayGrantFor(roles: readonly RoleAssignment[], accountSchoolId: string | null): boolean {
  if (accountSchoolId === null) return roles.some((r) => r.role === "trust-admin");
  return roles.some(
    (r) => (SCHOOL_GRANTING_ROLES as readonly string[]).includes(r.role) && r.schoolId === accountSchoolId,
  );
}

/** The same people approve official posts: leaders of the account's school, or trust admins. */
export const mayApproveFor = mayGrantFor;
