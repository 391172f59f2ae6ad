// The official accounts registers (5.1, 5.3, 6.1, 8.6.3) for export, through the same list
// functions as the pages, so a reader gets the accounts their role reaches; narrowed to the
// schools asked for (trust accounts only when every school is asked for).
import type { Principal } from "../platform/auth/permissions";
import type { RegisterExport, SchoolScope } from "../platform/capability";
import { listAccounts, listGrants, listPlatforms, listSites } from "./list-registers";

/** The operator at the command line reaches every register, as a trust administrator does. */
const OPERATOR: Principal = { roles: [{ role: "trust-admin", schoolId: null }] };

const inScope = (scope: SchoolScope, schoolId: string | null) =>
  scope === "all" || (schoolId !== null && scope.includes(schoolId));

export const accountRegisters: readonly RegisterExport[] = [
  {
    table: "official-accounts",
    name: "Official accounts (5.3)",
    action: "accounts.view",
    columns: [
      "school",
      "platform",
      "handle",
      "link",
      "purpose",
      "owner",
      "owner_email",
      "login_email",
      "mfa",
      "recovery_contacts",
      "status",
      "handover_needed",
    ],
    async *rows({ db, viewer, scope }) {
      for (const r of await listAccounts(db, viewer ?? OPERATOR)) {
        if (!inScope(scope, r.account.schoolId)) continue;
        yield [
          r.schoolName ?? "trust",
          r.account.platform,
          r.account.handle,
          r.account.link,
          r.account.purpose,
          r.ownerName,
          r.ownerEmail,
          r.account.loginEmail,
          r.account.mfaEnabled ? "yes" : "no",
          r.account.recoveryContacts,
          r.account.status,
          r.account.handoverFlaggedAt ? "yes" : "no",
        ];
      }
    },
  },
  {
    table: "posting-grants",
    name: "Permissions to post on official accounts (5.1)",
    action: "accounts.view",
    columns: [
      "school",
      "platform",
      "handle",
      "member_of_staff",
      "scope",
      "expires_on",
      "reason",
      "granted_by",
      "granted_at",
      "state",
    ],
    async *rows({ db, viewer, scope, notePerson }) {
      const accounts = (await listAccounts(db, viewer ?? OPERATOR)).filter((a) =>
        inScope(scope, a.account.schoolId),
      );
      const names = new Map(accounts.map((a) => [a.account.id, a.schoolName ?? "trust"]));
      const rows = await listGrants(db, { accountIds: accounts.map((a) => a.account.id) }, new Date());
      for (const r of rows) {
        notePerson?.(r.grant.granteeId);
        yield [
          names.get(r.grant.accountId) ?? "",
          r.platform,
          r.handle,
          r.granteeName,
          r.grant.scope,
          r.grant.expiresOn,
          r.grant.reason,
          r.granterName,
          r.grant.createdAt.toISOString(),
          r.state,
        ];
      }
    },
  },
  {
    table: "sanctioned-platforms",
    name: "Platforms sanctioned for work with pupils (6.1)",
    action: "accounts.view",
    columns: ["school", "platform", "year_groups", "purpose", "recorded_by", "recorded_at"],
    async *rows({ db, viewer, scope }) {
      for (const r of await listPlatforms(db, viewer ?? OPERATOR)) {
        if (!inScope(scope, r.entry.schoolId)) continue;
        yield [
          r.schoolName,
          r.entry.platform,
          r.entry.yearGroups,
          r.entry.purpose,
          r.decidedByName ?? "",
          r.entry.createdAt.toISOString(),
        ];
      }
    },
  },
  {
    table: "device-sites",
    name: "Sites made available on school devices (8.6.3)",
    action: "accounts.view",
    columns: ["school", "site", "decided_by", "reason", "decided_on"],
    async *rows({ db, viewer, scope }) {
      for (const r of await listSites(db, viewer ?? OPERATOR)) {
        if (!inScope(scope, r.entry.schoolId)) continue;
        yield [r.schoolName, r.entry.site, r.entry.decidedBy, r.entry.reason, r.entry.decidedOn];
      }
    },
  },
];
