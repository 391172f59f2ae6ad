// An address's leases as disjoint spans, so a lookup is a binary search however many leases a school
// keeps: the spans must give, at every second, what the plain reading of the leases gives (the one
// person holding it, else no one when none or two people do).
import { describe, expect, it } from "vitest";
import { leaseSpans } from "./scan-log";

/** The plain reading: every lease holding the address at that second; two people's: no one. */
function holderByLeases(group: [number, number, number][], s: number): number {
  let held = -1;
  let found = false;
  for (const [from, to, person] of group) {
    if (s < from || s >= to) continue;
    if (found && held !== person) return -1;
    held = person;
    found = true;
  }
  return held;
}

function holderBySpans(spans: Float64Array, s: number): number {
  for (let k = 0; k < spans.length; k += 3) if (s >= spans[k]! && s < spans[k + 1]!) return spans[k + 2]!;
  return -1;
}

describe("leaseSpans", () => {
  it("splits an address reassigned at lunchtime, leaves an overlap to no one, and joins a renewal", () => {
    expect([
      ...leaseSpans([
        [0, 100, 1],
        [100, 200, 2],
      ]),
    ]).toEqual([0, 100, 1, 100, 200, 2]);
    // Alice 0-130, Bob from 120 (still held): 120-130 is no one's.
    expect([
      ...leaseSpans([
        [0, 130, 1],
        [120, Infinity, 2],
      ]),
    ]).toEqual([0, 120, 1, 130, Infinity, 2]);
    // Alice's renewal overlapping her own lease, then one that meets it: one span.
    expect([
      ...leaseSpans([
        [0, 100, 1],
        [50, 150, 1],
        [150, 200, 1],
      ]),
    ]).toEqual([0, 200, 1]);
    // Someone not on the staff list (-1) still makes an overlap, and has no span of their own.
    expect([
      ...leaseSpans([
        [-Infinity, 100, 1],
        [50, 80, -1],
        [200, 300, -1],
      ]),
    ]).toEqual([-Infinity, 50, 1, 80, 100, 1]);
  });

  it("agrees with the plain reading of the leases at every second, on random maps", () => {
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let map = 0; map < 300; map++) {
      const group: [number, number, number][] = [];
      for (let k = 0, n = 1 + random(8); k < n; k++) {
        const from = random(5) === 0 ? -Infinity : random(100);
        const to = random(5) === 0 ? Infinity : (Number.isFinite(from) ? from : 0) + 1 + random(40);
        group.push([from, to, random(4) - 1]);
      }
      const spans = leaseSpans(group);
      // Sorted and disjoint, which the scanner's binary search needs.
      for (let k = 3; k < spans.length; k += 3) expect(spans[k]!).toBeGreaterThanOrEqual(spans[k - 2]!);
      for (let s = -5; s < 150; s++)
        expect(holderBySpans(spans, s), JSON.stringify(group)).toBe(holderByLeases(group, s));
    }
  });
});
