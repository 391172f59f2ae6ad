// The capabilities of this Conduct, in order: the policy first, since the others cite its clauses.
// Adding a capability is one folder and one line here (docs/capabilities.md).
import { acknowledgementCapability } from "./acknowledgements/capability";
import { accounts } from "./accounts/capability";
import { concernsCapability } from "./concerns/capability";
import { declarationsCapability } from "./declarations/capability";
import { monitoring } from "./monitoring/capability";
import { registerCapabilities } from "./platform/capability";
import { policy } from "./policy/capability";
import { picture } from "./picture/capability";
import { posts } from "./posts/capability";
import { questionsCapability } from "./questions/capability";
import { subjectAccess } from "./subject-access/capability";
import { trainingCapability } from "./training/capability";

export const CAPABILITIES = [
  policy,
  posts,
  declarationsCapability,
  acknowledgementCapability,
  questionsCapability,
  trainingCapability,
  monitoring,
  accounts,
  concernsCapability,
  picture,
  subjectAccess,
] as const;

registerCapabilities(CAPABILITIES);
