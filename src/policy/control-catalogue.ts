// The controls Conduct offers and the template clauses each puts into practice by default. A
// default is found in the school's policy by the clause's wording (template-clauses.ts), not its
// number; the trust's actual mapping is data (control_mappings) and can change.

export type ControlDefinition = {
  key: string;
  name: string;
  /** What the control does, in the school's words. */
  does: string;
  /** False for a control a later release builds: its clauses show as gaps until then. */
  built: boolean;
  /** Where a leader goes to see it working. */
  href?: string;
  /** Template clause numbers; each is found in the school's policy by its wording (template-clauses.ts). */
  defaults: string[];
};

export const CONTROL_CATALOGUE: ControlDefinition[] = [
  {
    key: "post-check",
    name: "Post check",
    does: "Staff check a post before publishing; findings cite the clause",
    built: true,
    href: "/posts/check",
    defaults: ["4.4", "4.5", "4.6", "4.7", "4.7.2", "5.4", "7.2", "7.3", "7.4", "8.2.1"],
  },
  {
    key: "declarations",
    name: "Relationship declarations",
    does: "Staff declare social media relationships; Conduct judges them by section 8; leaders review",
    built: true,
    href: "/declarations/review",
    defaults: ["4.2.1", "8.3", "8.3.1", "8.4", "8.4.1"],
  },
  {
    key: "evidence-vault",
    name: "Evidence vault",
    does: "Staff keep copies of communications rejecting a pupil's approach, stored unaltered",
    built: true,
    href: "/declarations",
    defaults: ["8.3.2"],
  },
  {
    key: "attestation",
    name: "Acknowledgement of the policy",
    does: "Every member of staff acknowledges the current version; reminders and escalation",
    built: false,
    defaults: ["3.1.1", "3.2.1", "11.1"],
  },
  {
    key: "queries",
    name: "Questions about the policy",
    does: "Questions raised against a clause go to the line manager, with a deadline",
    built: false,
    defaults: ["3.1.2", "3.2.2", "4.10"],
  },
  {
    key: "official-accounts",
    name: "Official accounts and permissions",
    does: "Register of school accounts, explicit permission grants with expiry, sanctioned platforms",
    built: false,
    defaults: ["5.1", "5.3", "6.1"],
  },
  {
    key: "concerns",
    name: "Concerns and cases",
    does: "Concerns reach the DSL, head teacher or HR; investigations with deadlines and outcomes",
    built: false,
    defaults: ["3.1.3", "4.1.2", "11.2", "12.1", "12.2"],
  },
  {
    key: "monitoring",
    name: "Monitoring of school equipment",
    does: "Social media minutes from web filter logs against the bell schedule, aggregates first",
    built: false,
    defaults: ["3.1.4", "8.6.2", "9.1", "10.1"],
  },
];

export function controlByKey(key: string): ControlDefinition | undefined {
  return CONTROL_CATALOGUE.find((c) => c.key === key);
}
