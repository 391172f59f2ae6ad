// A refusal by the route guard is a fact an investigation needs (someone tried a page their
// role does not allow): one audit row, written before the "Not allowed" page is sent.
import type { Context } from "hono";
import { recordAuditEvent } from "../../platform/audit/record-audit-event";
import type { AppEnv } from "./context";

export async function recordRefusal(c: Context<AppEnv>, action: string, schoolId?: string): Promise<void> {
  const user = c.get("user");
  if (!user) return;
  await recordAuditEvent(c.get("services").database.db, {
    actor: { id: user.id, label: user.email },
    action: "access.refused",
    subjectType: "route",
    subjectId: c.req.routePath,
    schoolId: schoolId ?? null,
    detail: { method: c.req.method, path: c.req.path.slice(0, 300), action },
  });
}
