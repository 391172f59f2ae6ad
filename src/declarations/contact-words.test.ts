import { describe, expect, it } from "vitest";
import { normaliseWord, readContactKind, readRelationship } from "./contact-words";
import { contactKinds, otherRelationships } from "./judge-declaration";

describe("reading kinds and relationship words", () => {
  it("reads every canonical name as itself", () => {
    for (const kind of contactKinds) expect(readContactKind(kind)).toBe(kind);
    for (const word of otherRelationships) expect(readRelationship(word)).toBe(word);
  });

  it.each([
    ["Family friend", "family-friend"],
    ["FAMILY_FRIEND", "family-friend"],
    [" family  friend ", "family-friend"],
    ["friend of the family", "family-friend"],
    ["Cousin", "family"],
    ["sister-in-law", "family"],
    ["Spouse", "partner"],
    ["fiancée", "partner"],
    ["co-worker", "colleague"],
    ["FamilyFriend", "family-friend"],
    ["family–friend", "family-friend"],
    ["Also a parent at the school", "parent-at-school"],
  ])("reads relationship %j as %s", (word, expected) => {
    expect(readRelationship(word)).toBe(expected);
  });

  it.each([
    ["Parent", "parent"],
    ["Ex Pupil", "ex-pupil"],
    ["ex_pupil", "ex-pupil"],
    ["Former pupil", "ex-pupil"],
    ["student", "pupil"],
    ["Parent/Carer", "parent"],
    ["member of staff", "staff"],
    ["Someone else", "other"],
    ["exPupil", "ex-pupil"],
    ["Parents", "parent"],
    ["foster carer", "parent"],
    ["Old Boy", "ex-pupil"],
    ["Trustee", "governor"],
  ])("reads kind %j as %s", (word, expected) => {
    expect(readContactKind(word)).toBe(expected);
  });

  it("refuses words it does not know rather than guessing", () => {
    for (const word of ["enemy", "acquaintance", "parent", "", "godchild"])
      expect(readRelationship(word)).toBeUndefined();
    for (const word of ["cousin", "teacher's pet", "", "pupils parent"])
      expect(readContactKind(word)).toBeUndefined();
  });

  it("normalises case, accents and separators only", () => {
    expect(normaliseWord("  Fiancé__Partner / X ")).toBe("fiance-partner-x");
  });
});
