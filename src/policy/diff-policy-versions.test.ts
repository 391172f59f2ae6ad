import { describe, expect, it } from "vitest";
import { diffPolicyVersions } from "./diff-policy-versions";
import { NORTHBRIDGE, parseFixture, parseText, SUMMIT, SUMMIT_CLEAN } from "./fixtures/load-fixture";

describe("diffPolicyVersions", () => {
  const summit = parseFixture(SUMMIT).policy;

  it("finds nothing changed between a version and itself", () => {
    const changes = diffPolicyVersions({ from: summit, to: summit });
    expect(changes).toHaveLength(61);
    expect(changes.every((change) => change.kind === "unchanged" && change.fromId === change.toId)).toBe(
      true,
    );
  });

  it("finds the one reworded clause in the corrected Summit policy, with a word diff", () => {
    const changes = diffPolicyVersions({ from: summit, to: parseFixture(SUMMIT_CLEAN).policy });
    const changed = changes.filter((change) => change.kind !== "unchanged");
    expect(changed).toEqual([
      {
        kind: "reworded",
        fromId: "3.3.1",
        toId: "3.3.1",
        similarity: 0.92,
        fromText: "should ensure that their own behaviour is in line with that expected",
        toText: "should ensure that their own behaviour is in line with that expected of staff.",
        segments: [
          { op: "same", text: "should ensure that their own behaviour is in line with that expected" },
          { op: "added", text: "of staff." },
        ],
      },
    ]);
  });

  it("sees Northbridge's renumbering, the added and removed clauses and the rewordings", () => {
    const changes = diffPolicyVersions({ from: summit, to: parseFixture(NORTHBRIDGE).policy });
    const of = (kind: string) => changes.filter((change) => change.kind === kind);
    expect(of("added").map((change) => change.toId)).toEqual(["2.1"]);
    expect(of("removed").map((change) => change.fromId)).toEqual(["4.5"]);
    expect(of("unchanged").map((change) => change.toId)).toEqual(["1.1", "1.3"]);
    expect(of("reworded").map((change) => change.toId)).toEqual(["1.2"]);
    expect(of("renumbered-reworded").map((change) => [change.fromId, change.toId])).toEqual([
      ["3.1.4", "4.1.4"],
      ["3.3.1", "4.3.1"],
      ["8.3", "9.3"],
    ]);
    expect(of("renumbered")).toHaveLength(54);
    expect(of("renumbered")).toContainEqual(
      expect.objectContaining({ fromId: "5.1", toId: "6.1", similarity: 1 }),
    );
    expect(of("renumbered")).toContainEqual(expect.objectContaining({ fromId: "4.6", toId: "5.6" }));

    const monitoring = changes.find((change) => change.fromId === "3.1.4")!;
    expect(monitoring.modality).toEqual({ from: "should", to: "must" });
    const exPupils = changes.find((change) => change.fromId === "8.3")!;
    expect(exPupils.segments!.filter((segment) => segment.op !== "same")).toEqual([
      { op: "removed", text: "solely" },
      { op: "added", text: "only" },
      { op: "removed", text: "they reach the age of 18." },
      { op: "added", text: "their 18th birthday." },
    ]);
    // the removed clause is listed where it stood, after the clause before it
    const removedAt = changes.findIndex((change) => change.kind === "removed");
    expect(changes[removedAt - 1]!.fromId).toBe("4.4");
  });

  it("keeps a clause's number when it is heavily reworded in place, and says it moved when it did", () => {
    const from = parseText(
      "Policy\n1 Rules\n1.1 Staff must not accept friend requests from pupils.\n1.2 Staff should report concerns to the DSL at once.\n",
      "a.txt",
    ).policy;
    const to = parseText(
      "Policy\n1 Rules\n1.1 Staff must refuse pupils' friend requests on every platform.\n1.2 Staff must keep records.\n1.3 Staff should report concerns to the DSL at once.\n",
      "b.txt",
    ).policy;
    const changes = diffPolicyVersions({ from, to });
    expect(changes.map((change) => [change.kind, change.fromId, change.toId])).toEqual([
      ["reworded", "1.1", "1.1"],
      ["added", null, "1.2"],
      ["renumbered", "1.2", "1.3"],
    ]);
    expect(changes[0]!.modality).toEqual({ from: "must not", to: "must" });
  });
});
