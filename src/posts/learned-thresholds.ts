// How the learned tier's training splits its posts and picks each family's threshold: pure, so the
// choice the script makes can be tested (scripts/train-post-classifier.ts does the fitting).

// Folds by group, decided by a hash of the group's name so a re-run picks the same ones.
export function foldOf(group: string): number {
  let h = 2166136261;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 16777619);
  return (h >>> 0) % 5;
}

/**
 * The lowest threshold (of at least 0.5) at which at most `harmlessAllowed` harmless posts and
 * `othersAllowed` posts without the family score at or above it.
 */
export function pickThreshold(
  scored: Array<{ score: number; positive: boolean; harmless: boolean }>,
  harmlessAllowed: number,
  othersAllowed: number,
): number {
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let harmlessSeen = 0;
  let othersSeen = 0;
  let threshold = 1;
  for (const s of sorted) {
    if (!s.positive) {
      othersSeen++;
      if (s.harmless) harmlessSeen++;
      if (harmlessSeen > harmlessAllowed || othersSeen > othersAllowed) {
        // A positive tied with this post would let it through too: stay just above it.
        if (threshold <= s.score) threshold = Math.min(1, s.score + 1e-9);
        break;
      }
    }
    if (s.score < 0.5) break;
    if (s.positive) threshold = s.score;
  }
  // Past every positive that fits the budget; 1 itself is never reached, so the head stays silent.
  return threshold;
}
