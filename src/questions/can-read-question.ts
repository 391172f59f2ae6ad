// Who may read a question and its answers: the asker, the person it was routed to, the principal
// it was escalated to, and (unless asked privately) the principal of the asker's school. Pure.
import type { RoleAssignment } from "../platform/auth/permissions";

export type QuestionAccess = {
  askerUserId: string;
  routedToUserId: string | null;
  escalatedToUserId: string | null;
  schoolId: string | null;
  private: boolean;
};

export function canReadQuestion(
  user: { id: string; roles: readonly RoleAssignment[] },
  q: QuestionAccess,
): boolean {
  if (user.id === q.askerUserId || user.id === q.routedToUserId || user.id === q.escalatedToUserId)
    return true;
  if (q.private || !q.schoolId) return false;
  return user.roles.some((r) => r.role === "principal" && r.schoolId === q.schoolId);
}

/** Who may answer: anyone who may read it except the asker (who may reply to the thread). */
export function canAnswerQuestion(
  user: { id: string; roles: readonly RoleAssignment[] },
  q: QuestionAccess,
): boolean {
  return user.id !== q.askerUserId && canReadQuestion(user, q);
}
