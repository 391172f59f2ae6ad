// The demo: the Summit Learning Trust's people (core), then each capability's demo data in order.
import { type DemoResult, loadDemoTrust } from "./core/people/load-demo-trust";
import { CAPABILITIES } from "./capabilities";
import type { Db } from "./platform/db";

export async function loadDemo(options: { db: Db; asOf: Date; schools?: number }): Promise<DemoResult> {
  const demo = await loadDemoTrust(options);
  // Only into a trust the demo itself just created: never add demo records to a real one.
  if (demo.loaded) for (const capability of CAPABILITIES) await capability.demo?.(options.db);
  return demo;
}
