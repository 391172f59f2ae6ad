// The permission matrix: which role may do what. One table, read by every route and by the
// authorisation test that walks every route as every role. An auditor should be able to read it.

export const TRUST_ROLES = ["trust-admin", "it-director", "hr", "trustee"] as const;
export const SCHOOL_ROLES = ["principal", "senior-leader", "dsl", "staff"] as const;
export const ROLES = [...TRUST_ROLES, ...SCHOOL_ROLES] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  "trust-admin": "Trust administrator",
  "it-director": "IT director",
  hr: "HR",
  trustee: "Trustee",
  principal: "Principal",
  "senior-leader": "Senior leader",
  dsl: "Designated safeguarding lead",
  staff: "Member of staff",
};

export type RoleAssignment = { role: Role; schoolId: string | null };

type Rule = {
  /** What the action lets someone do, in the school's words. */
  means: string;
  roles: readonly Role[];
  /** True when the action shows a named person's records: never granted to trustees. */
  personal: boolean;
};

const ALL_STAFF: readonly Role[] = [
  "trust-admin",
  "it-director",
  "hr",
  "principal",
  "senior-leader",
  "dsl",
  "staff",
];
const LEADERS: readonly Role[] = ["trust-admin", "principal", "senior-leader"];

export const PERMISSIONS = {
  "home.view": { means: "see your home page", roles: ROLES, personal: false },
  "own-record.view": {
    means: "see what Conduct holds about you, and who has looked at it",
    roles: ROLES,
    personal: false,
  },
  "trust.manage": { means: "rename the trust and add schools", roles: ["trust-admin"], personal: false },
  "people.view": {
    means: "see named staff, pupils and parents of a school",
    roles: ["trust-admin", "hr", "it-director", "principal", "senior-leader", "dsl"],
    personal: true,
  },
  "people.import": {
    means: "import staff, pupils and parents from MIS exports",
    roles: ["trust-admin"],
    personal: true,
  },
  "roles.manage": { means: "give and take away roles", roles: ["trust-admin"], personal: true },
  "people.summary": { means: "see head counts by school, without names", roles: ROLES, personal: false },
  "audit.view": { means: "read the audit trail", roles: ["trust-admin"], personal: true },
  "audit.verify": {
    means: "check the audit trail's hash chain",
    roles: ["trust-admin", "trustee"],
    personal: false,
  },
  "outbox.view": {
    means: "read the emails Conduct has sent or stored",
    roles: ["trust-admin"],
    personal: true,
  },
  "policy.view": { means: "read the current policy", roles: ROLES, personal: false },
  "policy.evidence": {
    means: "see each clause's control and its live, aggregate evidence",
    roles: ["trust-admin", "it-director", "hr", "trustee", "principal", "senior-leader", "dsl"],
    personal: false,
  },
  "policy.manage": {
    means: "import, lint and compare policy versions",
    roles: ["trust-admin"],
    personal: false,
  },
  "policy.approve": {
    means: "record a version's approval and make it current",
    roles: ["trust-admin"],
    personal: false,
  },
  "posts.check": { means: "check a post before publishing", roles: ALL_STAFF, personal: false },
  "declarations.own": {
    means: "declare your own social media relationships and keep evidence of rejected approaches",
    roles: ALL_STAFF,
    personal: true,
  },
  "declarations.review": {
    means: "review the declarations of your school's staff",
    roles: [...LEADERS, "dsl"],
    personal: true,
  },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof PERMISSIONS;

export type Principal = { roles: readonly RoleAssignment[] };

/**
 * May this person do the action, at this school (or anywhere, when no school is named)?
 * Trust-wide roles hold everywhere; school roles only at their own school.
 */
export function can(
  principal: Principal | null,
  action: Action,
  scope: { schoolId?: string | null } = {},
): boolean {
  if (!principal) return false;
  const allowed: readonly Role[] = PERMISSIONS[action].roles;
  return principal.roles.some(
    (r) =>
      allowed.includes(r.role) &&
      (r.schoolId === null ||
        scope.schoolId === undefined ||
        scope.schoolId === null ||
        r.schoolId === scope.schoolId),
  );
}

/** Schools where the person holds the action; "all" for a trust-wide grant. */
export function schoolsWhere(principal: Principal, action: Action): "all" | string[] {
  const allowed: readonly Role[] = PERMISSIONS[action].roles;
  const matching = principal.roles.filter((r) => allowed.includes(r.role));
  if (matching.some((r) => r.schoolId === null)) return "all";
  return [...new Set(matching.map((r) => r.schoolId!))];
}

export function isTrustRole(role: Role): boolean {
  return (TRUST_ROLES as readonly string[]).includes(role);
}
