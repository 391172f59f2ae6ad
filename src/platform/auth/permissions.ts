// The permission matrix: which role may do what. One table, read by every route and by the
// authorisation test that walks every route as every role. An auditor should be able to read it.

export const TRUST_ROLES = ["trust-admin", "it-director", "hr", "trustee"] as const;
export const SCHOOL_ROLES = ["principal", "senior-leader", "dsl", "staff", "local-governor"] as const;
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
  "local-governor": "Local governor",
};

/**
 * Roles that oversee without managing anyone: they read the policy, acknowledge it (3.3) and see
 * numbers, never a named person's records. A local governor is a trustee's counterpart at one school.
 */
export const NUMBERS_ONLY_ROLES: readonly Role[] = ["trustee", "local-governor"];

export type RoleAssignment = { role: Role; schoolId: string | null };

export type PermissionRule = {
  /** What the action lets someone do, in the school's words. */
  means: string;
  roles: readonly Role[];
  /** True when the action shows a named person's records: never granted to trustees or local governors. */
  personal: boolean;
};

export const ALL_STAFF: readonly Role[] = [
  "trust-admin",
  "it-director",
  "hr",
  "principal",
  "senior-leader",
  "dsl",
  "staff",
];
export const LEADERS: readonly Role[] = ["trust-admin", "principal", "senior-leader"];

export const CORE_PERMISSIONS = {
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
  "calendar.manage": {
    means: "set a school's term dates and closures, which deadlines in school days count against",
    roles: ["trust-admin", "principal", "senior-leader"],
    personal: false,
  },
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
} as const satisfies Record<string, PermissionRule>;

/**
 * Each capability adds the names of its actions to this interface (TypeScript declaration merging),
 * next to the table that defines them: `declare module "../platform/auth/permissions" { interface
 * CapabilityActions extends ActionsOf<typeof myPermissions> {} }`. So a route naming an action that
 * no capability defines does not compile, and no module here imports a capability.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface CapabilityActions {}

export type ActionsOf<T extends Record<string, PermissionRule>> = { [K in keyof T]: true };

export type Action = keyof typeof CORE_PERMISSIONS | keyof CapabilityActions;

let table: Record<string, PermissionRule> = { ...CORE_PERMISSIONS };

/** The whole matrix: the core's rows and every registered capability's. What an auditor reads. */
export function permissionTable(): Readonly<Record<Action, PermissionRule>> {
  return table as Record<Action, PermissionRule>;
}

/** Called once by the capability registry; a capability may not redefine another's action. */
export function addPermissions(owner: string, rows: Record<string, PermissionRule>): void {
  for (const [action, rule] of Object.entries(rows)) {
    const existing = table[action];
    if (existing && existing !== rule) throw new Error(`Capability ${owner} redefines the action ${action}`);
    assertNumbersOnly(action, rule);
  }
  table = { ...table, ...rows };
}

/** A named person's records are never for a numbers-only role: checked for every row, at start-up too. */
export function assertNumbersOnly(action: string, rule: PermissionRule): void {
  if (rule.personal && rule.roles.some((r) => NUMBERS_ONLY_ROLES.includes(r)))
    throw new Error(
      `The action ${action} shows a named person's records, so no trustee or local governor may hold it`,
    );
}
for (const [action, r] of Object.entries(CORE_PERMISSIONS)) assertNumbersOnly(action, r);

function rule(action: Action): PermissionRule {
  const found = table[action];
  if (!found) throw new Error(`No capability defines the action "${String(action)}" (is it registered?)`);
  return found;
}

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
  const allowed: readonly Role[] = rule(action).roles;
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
  const allowed: readonly Role[] = rule(action).roles;
  const matching = principal.roles.filter((r) => allowed.includes(r.role));
  if (matching.some((r) => r.schoolId === null)) return "all";
  return [...new Set(matching.map((r) => r.schoolId!))];
}

export function isTrustRole(role: Role): boolean {
  return (TRUST_ROLES as readonly string[]).includes(role);
}
