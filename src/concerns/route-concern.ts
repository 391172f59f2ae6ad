// Who a concern goes to (pure: plain data in, recipients out). A child at risk goes to the DSL and
// deputies at once (4.1.2, 12.1); a concern about a member of staff is an allegation when any KCSIE
// Part 4 harm-threshold answer is yes (3.1.3: the principal, or the chair of governors / the trust's
// chief executive when it is about the principal, with a prompt to consult the LADO within one
// working day), else a low-level concern (the person the school names, or the principal); the
// school's reputation and abuse of staff go to the head teacher (12.1, 12.2). Never to the person it
// is about, and never to anyone named in it.
import type { ConcernCategory, ConcernKind, HarmAnswers } from "./concern-kinds";

export type Leader = { userId: string; name: string; email: string; staffId: string | null; roles: string[] };

export type Recipient = {
  userId: string | null;
  name: string;
  email: string;
  /** The role the concern went to, in the school's words (the reporter sees it). */
  role: string;
};

export interface RouteConcernInput {
  kind: ConcernKind;
  harmAnswers?: HarmAnswers;
  /** The member of staff it is about, if any. */
  subject?: { staffId: string | null; userId: string | null } | null;
  /** Users named in the concern (involved, not the subject). */
  namedUserIds: readonly string[];
  namedStaffIds: readonly string[];
  leaders: readonly Leader[];
  lowLevelRecipientId?: string | null;
  principalCaseManager: {
    role: "chair" | "chief-executive";
    name: string | null;
    email: string | null;
    userId: string | null;
  };
}

export type RouteConcernResult = {
  category: ConcernCategory;
  recipients: Recipient[];
  /** Allegations: consult the LADO within one working day. */
  consultLado: boolean;
  /** Why routing went past its first choice (no DSL left, say), for the chronology. */
  notes: string[];
};

export function isAllegation(answers: HarmAnswers | undefined): boolean {
  return !!answers && Object.values(answers).some((v) => v === true);
}

export function routeConcern(input: RouteConcernInput): RouteConcernResult {
  const subject = input.subject ?? null;
  const excluded = (l: { userId: string | null; staffId?: string | null }) =>
    (l.userId !== null && (l.userId === subject?.userId || input.namedUserIds.includes(l.userId))) ||
    (!!l.staffId && (l.staffId === subject?.staffId || input.namedStaffIds.includes(l.staffId)));
  const withRole = (role: string) => input.leaders.filter((l) => l.roles.includes(role) && !excluded(l));
  const principals = withRole("principal");
  const subjectIsPrincipal =
    !!subject &&
    input.leaders.some(
      (l) =>
        l.roles.includes("principal") &&
        ((subject.userId !== null && l.userId === subject.userId) ||
          (subject.staffId !== null && l.staffId === subject.staffId)),
    );
  const notes: string[] = [];
  const asRecipient = (l: Leader, role: string): Recipient => ({
    userId: l.userId,
    name: l.name,
    email: l.email,
    role,
  });
  const aboveThePrincipal = (): Recipient[] => {
    const m = input.principalCaseManager;
    if (!m.email) {
      notes.push(
        "No chair of governors or chief executive is set for the trust: ask the trust administrator.",
      );
      return [];
    }
    const candidate = { userId: m.userId, staffId: null };
    if (excluded(candidate)) {
      notes.push("The chair or chief executive is named in the concern, so it was not sent to them.");
      return [];
    }
    return [
      {
        userId: m.userId,
        name: m.name ?? m.email,
        email: m.email,
        role: m.role === "chair" ? "Chair of governors" : "Chief executive of the trust",
      },
    ];
  };
  const principalsOrAbove = (): Recipient[] => {
    if (subjectIsPrincipal || principals.length === 0) {
      if (!subjectIsPrincipal) notes.push("No principal could receive it, so it went above the principal.");
      return aboveThePrincipal();
    }
    return principals.map((l) => asRecipient(l, "Principal"));
  };

  switch (input.kind) {
    case "child-at-risk": {
      const dsls = withRole("dsl");
      if (dsls.length > 0)
        return {
          category: "safeguarding",
          recipients: dsls.map((l) => asRecipient(l, "Designated safeguarding lead")),
          consultLado: false,
          notes,
        };
      notes.push("No designated safeguarding lead could receive it, so it went to the principal.");
      return { category: "safeguarding", recipients: principalsOrAbove(), consultLado: false, notes };
    }
    case "staff-conduct": {
      if (isAllegation(input.harmAnswers))
        return { category: "allegation", recipients: principalsOrAbove(), consultLado: true, notes };
      const named = input.lowLevelRecipientId
        ? input.leaders.find((l) => l.userId === input.lowLevelRecipientId && !excluded(l))
        : undefined;
      if (named && !subjectIsPrincipal)
        return {
          category: "low-level",
          recipients: [asRecipient(named, "The school's lead for low-level concerns")],
          consultLado: false,
          notes,
        };
      return { category: "low-level", recipients: principalsOrAbove(), consultLado: false, notes };
    }
    case "reputation":
    case "abuse-of-staff":
      return {
        category: input.kind,
        recipients: principalsOrAbove().map((r) =>
          r.role === "Principal" ? { ...r, role: "Head teacher" } : r,
        ),
        consultLado: false,
        notes,
      };
  }
}
