// The capabilities of this Conduct, in order: the policy first, since the others cite its clauses.
// Adding a capability is one folder and one line here (docs/capabilities.md).
import { concernsCapability } from "./concerns/capability";
import { declarationsCapability } from "./declarations/capability";
import { registerCapabilities } from "./platform/capability";
import { policy } from "./policy/capability";
import { posts } from "./posts/capability";

export const CAPABILITIES = [policy, posts, declarationsCapability, concernsCapability] as const;

registerCapabilities(CAPABILITIES);
