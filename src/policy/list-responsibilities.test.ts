import { describe, expect, it } from "vitest";
import { NORTHBRIDGE, parseFixture, SUMMIT } from "./fixtures/load-fixture";
import { listResponsibilities, normaliseActor } from "./list-responsibilities";

describe("listResponsibilities", () => {
  const responsibilities = listResponsibilities({ policy: parseFixture(SUMMIT).policy });
  const of = (actor: string) => responsibilities.find((responsibility) => responsibility.actor === actor)!;

  it("names each actor once, in order of first mention", () => {
    expect(responsibilities.map((responsibility) => responsibility.actor)).toEqual([
      "The school",
      "Principals",
      "Staff",
      "Trustees and Local Governors",
    ]);
  });

  it("groups clause ids by modality", () => {
    expect(of("Principals").byModality).toEqual({
      must: ["3.1.3"],
      "must not": [],
      should: ["3.1.1", "3.1.2", "3.1.4"],
      "should not": [],
      can: [],
      "can only": [],
      cannot: [],
      none: ["3.1"],
    });
    expect(of("Trustees and Local Governors").byModality.should).toEqual(["3.3.1"]);
    expect(of("The school").byModality.can).toEqual(["10.1"]);
    expect(of("Staff").byModality["can only"]).toEqual(["8.6.2"]);
    expect(of("Staff").byModality.should).toEqual(["3.2.1", "3.2.2", "12.1", "12.2"]);
    expect(of("Staff").byModality["must not"]).toEqual([
      "4.1",
      "4.2",
      "4.4",
      "4.5",
      "4.6",
      "4.7",
      "4.7.2",
      "5.4",
      "8.1",
      "8.2.1",
      "8.3",
      "8.4",
      "9.1",
    ]);
  });

  it("accounts for every clause that has an actor exactly once", () => {
    const policy = parseFixture(NORTHBRIDGE).policy;
    const listed = listResponsibilities({ policy }).flatMap((responsibility) =>
      Object.values(responsibility.byModality).flat(),
    );
    const withActor = policy.clauses.filter((clause) => clause.actor !== null).map((clause) => clause.id);
    expect(listed.sort()).toEqual(withActor.sort());
  });
});

describe("normaliseActor", () => {
  it.each([
    ["School staff", "Staff"],
    ["Staff at schools", "Staff"],
    ["A member of staff", "Staff"],
    ["Agency staff, contractors and volunteers", "Staff"],
    ["The school", "The school"],
    ["the trust", "The trust"],
    ["principal", "Principals"],
    ["Headteachers", "Head teachers"],
    ["Trustees and Local Governors", "Trustees and Local Governors"],
    ["Senior leaders", "Senior leaders"],
  ])("%s -> %s", (actor, normalised) => {
    expect(normaliseActor(actor)).toBe(normalised);
  });
});
