// The facts a verdict rests on, read from a stored declaration and the school's roster: the roster
// is the authority for a pupil's date of birth and leaving date (and a parent's children's), so a
// correction there is used the next time the declaration is judged.
import type { ContactKind, DeclarationContact, OtherRelationship } from "./judge-declaration";
import { contactKinds, otherRelationships } from "./judge-declaration";

export type RosterPupilDates = { dateOfBirth: string; leftOn: string | null };

export function declarationContact(options: {
  contactKind: string;
  otherRelationships: readonly string[];
  pupil: RosterPupilDates | null;
  /** For a parent: the last day on roll of their last child at the school, when every child has left or will. */
  parentLeftOn?: string | null;
}): DeclarationContact {
  const kind = options.contactKind as ContactKind;
  // Rows are written only through recordDeclaration, which checks both lists; anything else is a bug.
  if (!contactKinds.includes(kind))
    throw new TypeError(`stored contact kind "${options.contactKind}" is unknown`);
  for (const r of options.otherRelationships) {
    if (!otherRelationships.includes(r as OtherRelationship))
      throw new TypeError(`stored relationship "${r}" is unknown`);
  }
  return {
    kind,
    otherRelationships: options.otherRelationships as OtherRelationship[],
    ...(options.pupil
      ? {
          dateOfBirth: options.pupil.dateOfBirth,
          ...(options.pupil.leftOn ? { leftOn: options.pupil.leftOn } : {}),
        }
      : {}),
    ...(kind === "parent" && options.parentLeftOn ? { leftOn: options.parentLeftOn } : {}),
  };
}
