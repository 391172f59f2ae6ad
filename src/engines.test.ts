// Conduct promises Node 20 (package.json engines): every installed package, development ones
// included, must say it runs there, or `npm ci` warns and a fresh machine may break.
import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

type Lock = { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };

describe("engines", () => {
  it("every package in the lock file supports Node 20", () => {
    const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8")) as Lock;
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => {
        const node = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
        return path !== "" && node !== undefined && !semver.satisfies("20.19.0", node);
      })
      .map(([path, entry]) => `${path} wants node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
