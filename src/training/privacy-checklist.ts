// The account privacy check-up (4.9: staff are responsible for the security and privacy of their
// accounts), pure: the default checklist, the plain-text form the trust edits it in, and reading a
// member of staff's answers from the check-up form. No I/O.

export type ChecklistPlatform = { name: string; items: string[] };
export type Checklist = { version: number; savedAt: Date | null; platforms: ChecklistPlatform[] };
export type CheckUpAnswer = {
  platform: string;
  hasAccount: boolean;
  items: { text: string; done: boolean }[];
};

/** What staff work through until the trust saves its own list (version 0). Platforms change: edit it. */
export const DEFAULT_PLATFORMS: ChecklistPlatform[] = [
  {
    name: "Facebook",
    items: [
      "Your profile, friends list and posts are visible to friends only, not the public",
      "Only friends of friends can send you a friend request, and your profile cannot be found by your email or phone number",
      "You review posts you are tagged in before they appear on your profile",
      "Your workplace is not shown on your profile",
      "Old public posts are limited to friends (Settings, Privacy, Limit past posts)",
    ],
  },
  {
    name: "Instagram",
    items: [
      "Your account is private, so you approve who follows you",
      "Only people you follow can tag or mention you, and tags are approved by you first",
      "Your bio and posts do not name the school you work at",
      "Old posts you would not want pupils or parents to see are archived or deleted",
    ],
  },
  {
    name: "X (Twitter)",
    items: [
      "Your posts are protected, or you are content that everything you post is public",
      "Others cannot find you by your email address or phone number",
      "Photo tagging is off, or limited to people you follow",
      "Your bio does not name the school you work at",
      "Old public posts have been reviewed and any you would not want seen are deleted",
    ],
  },
  {
    name: "TikTok",
    items: [
      "Your account is private",
      "Suggest your account to others is off (contacts, Facebook friends, mutual connections)",
      "Only friends can mention, tag, duet or stitch with you",
      "Your profile and videos do not show the school you work at",
      "Old public videos have been reviewed and made private or deleted",
    ],
  },
  {
    name: "LinkedIn",
    items: [
      "You are content with what your public profile shows, and it shows no pupil or school-internal information",
      "Who can see your connections and your email address is set as you want it",
      "Your employer is shown only as you and the school agree",
      "Old posts and activity have been reviewed",
    ],
  },
];

export const DEFAULT_CHECKLIST: Checklist = { version: 0, savedAt: null, platforms: DEFAULT_PLATFORMS };

/** The checklist as the trust edits it: a platform on its own line, each of its items on a line starting "- ". */
export function checklistText(platforms: readonly ChecklistPlatform[]): string {
  return platforms.map((p) => [p.name, ...p.items.map((i) => `- ${i}`)].join("\n")).join("\n\n");
}

const MAX_PLATFORMS = 30;
const MAX_ITEMS = 20;
const MAX_LENGTH = 300;

export function parseChecklistText(
  text: string,
): { ok: true; platforms: ChecklistPlatform[] } | { ok: false; error: string } {
  const platforms: ChecklistPlatform[] = [];
  const lines = text.split(/\r?\n/);
  for (const [n, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    const item = /^[-*•]\s*(.*)$/.exec(line);
    if (line.length > MAX_LENGTH)
      return { ok: false, error: `Line ${n + 1} is longer than ${MAX_LENGTH} characters.` };
    if (item) {
      const last = platforms.at(-1);
      if (!last)
        return { ok: false, error: `Line ${n + 1} is an item before any platform: name the platform first.` };
      if (!item[1]) return { ok: false, error: `Line ${n + 1} is an empty item.` };
      last.items.push(item[1]);
    } else {
      if (platforms.some((p) => p.name.toLowerCase() === line.toLowerCase()))
        return { ok: false, error: `Line ${n + 1}: ${line} is listed twice.` };
      platforms.push({ name: line, items: [] });
    }
  }
  if (platforms.length === 0) return { ok: false, error: "Enter at least one platform with its items." };
  if (platforms.length > MAX_PLATFORMS)
    return { ok: false, error: `List at most ${MAX_PLATFORMS} platforms.` };
  for (const p of platforms) {
    if (p.items.length === 0) return { ok: false, error: `${p.name} has no items: add lines starting "- ".` };
    if (p.items.length > MAX_ITEMS)
      return { ok: false, error: `${p.name} has more than ${MAX_ITEMS} items.` };
  }
  return { ok: true, platforms };
}

/** The form's field names: "none" holds the platforms with no account, "done" the items done ("p.i"). */
export function readCheckUpAnswers(
  platforms: readonly ChecklistPlatform[],
  form: { none: readonly string[]; done: readonly string[] },
): CheckUpAnswer[] {
  const none = new Set(form.none);
  const done = new Set(form.done);
  return platforms.map((p, pi) => {
    const hasAccount = !none.has(String(pi));
    return {
      platform: p.name,
      hasAccount,
      items: p.items.map((text, ii) => ({ text, done: hasAccount && done.has(`${pi}.${ii}`) })),
    };
  });
}

/** Items still to do on the platforms they have an account on. */
export function stillToDo(answers: readonly CheckUpAnswer[]): number {
  return answers.filter((a) => a.hasAccount).reduce((n, a) => n + a.items.filter((i) => !i.done).length, 0);
}
