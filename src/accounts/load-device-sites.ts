// Published read function for the monitoring capability: the sites a school has made available on
// its devices (8.6.3), with who decided and why. Monitoring reads this, never the table.
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../platform/db";
import { deviceSites } from "./schema";

export type DeviceSite = { site: string; decidedBy: string; reason: string; decidedOn: string };

export async function loadDeviceSites(db: DbOrTx, schoolId: string): Promise<DeviceSite[]> {
  return db
    .select({
      site: deviceSites.site,
      decidedBy: deviceSites.decidedBy,
      reason: deviceSites.reason,
      decidedOn: deviceSites.decidedOn,
    })
    .from(deviceSites)
    .where(eq(deviceSites.schoolId, schoolId))
    .orderBy(asc(deviceSites.site));
}
