import { describe, expect, it } from "vitest";
import { buildRosterIndex } from "./build-roster-index";

describe("buildRosterIndex", () => {
  it("indexes folded names by first and last name, merging people who share a name", () => {
    const index = buildRosterIndex({
      people: [
        { kind: "pupil", school: "a", firstName: "Zoë", lastName: "Müller" },
        { kind: "parent", school: "a", firstName: "Zoe", lastName: "Muller" },
        { kind: "staff", school: "a", firstName: "Tom", lastName: "Smith-Jones" },
      ],
    });
    expect(index.size).toBe(3);
    const zoe = index.byFirstName.get("zoe")!;
    expect(zoe).toHaveLength(1);
    expect(zoe[0]!.people.map((p) => p.kind)).toEqual(["pupil", "parent"]);
    expect(index.byLastName.get("smith-jones")![0]!.words).toEqual(["tom", "smith-jones"]);
    expect(index.pupilFirstNames.has("zoe")).toBe(true);
    expect(index.pupilFirstNames.has("tom")).toBe(false);
  });

  it("skips people with no usable name", () => {
    expect(
      buildRosterIndex({ people: [{ kind: "pupil", school: "a", firstName: "", lastName: "X" }] }).byFirstName
        .size,
    ).toBe(0);
  });
});
