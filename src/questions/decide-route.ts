// Where a question goes (3.2.2 "with their line manager in the first instance"): pure. The line
// manager, or the principal when there is none; asked privately, the senior leader chosen.

export type RouteCandidates = {
  askerUserId: string;
  lineManagerUserId: string | null;
  principals: readonly { id: string }[];
  seniorLeaders: readonly { id: string }[];
};

export type RouteDecision =
  | { ok: true; userId: string; because: "line-manager" | "principal" | "senior-leader" }
  | { ok: false; message: string };

export function decideRoute(
  candidates: RouteCandidates,
  choice: { private: boolean; seniorLeaderId?: string | null },
): RouteDecision {
  const others = (list: readonly { id: string }[]) => list.filter((p) => p.id !== candidates.askerUserId);
  if (choice.private) {
    const leaders = others([...candidates.principals, ...candidates.seniorLeaders]);
    const chosen = leaders.find((l) => l.id === choice.seniorLeaderId);
    if (!chosen) return { ok: false, message: "Choose the senior leader to ask." };
    return {
      ok: true,
      userId: chosen.id,
      because: candidates.principals.some((p) => p.id === chosen.id) ? "principal" : "senior-leader",
    };
  }
  if (candidates.lineManagerUserId && candidates.lineManagerUserId !== candidates.askerUserId)
    return { ok: true, userId: candidates.lineManagerUserId, because: "line-manager" };
  const principal = others(candidates.principals)[0] ?? others(candidates.seniorLeaders)[0];
  if (!principal)
    return {
      ok: false,
      message: "Your school has no principal or senior leader in Conduct to answer it yet.",
    };
  return {
    ok: true,
    userId: principal.id,
    because: candidates.principals.some((p) => p.id === principal.id) ? "principal" : "senior-leader",
  };
}
