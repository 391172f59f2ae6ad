// The demo: the Summit Learning Trust's people (core), then each capability's demo data in order.
import { type DemoResult, loadDemoTrust } from "./core/people/load-demo-trust";
import { CAPABILITIES } from "./capabilities";
import { readConfig } from "./platform/config";
import type { Db } from "./platform/db";

export async function loadDemo(options: {
  db: Db;
  asOf: Date;
  schools?: number;
  baseUrl?: string;
}): Promise<DemoResult> {
  const demo = await loadDemoTrust(options);
  // Only into a trust the demo itself just created: never add demo records to a real one.
  // Emailed links point at where this Conduct will listen (PORT, BASE_URL), not a fixed port.
  const baseUrl = options.baseUrl ?? configuredBaseUrl();
  if (demo.loaded) for (const capability of CAPABILITIES) await capability.demo?.(options.db, { baseUrl });
  return demo;
}

function configuredBaseUrl(): string {
  try {
    return readConfig().baseUrl;
  } catch {
    // Settings that do not parse (a test runner's own BASE_URL): the default address.
    return "http://127.0.0.1:3000";
  }
}
