/** "Did you mean": the known word closest to a mistyped one, by a small edit distance of our own. */

/**
 * Edits that turn `a` into `b`: insert, delete or replace a character, or swap two adjacent ones (optimal string
 * alignment), so `imprt` -> `import` and `exprot` -> `export` are each one edit.
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: edits from a's first i characters to b's first j.
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i]!;
    for (let j = 1; j <= b.length; j += 1) {
      const replace = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + replace);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate `word` most likely meant: the nearest within a third of its length (at least one edit), else the
 * only one it begins (`--dry` -> `--dry-run`); undefined when nothing is that close. Case is ignored; ties go to the
 * candidate listed first.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const typed = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  if (best !== undefined) return best.candidate;
  const extending = typed.length >= 3 ? candidates.filter((candidate) => candidate.toLowerCase().startsWith(typed)) : [];
  return extending.length === 1 ? extending[0] : undefined;
}

/** " Did you mean X?" for the closest candidate, shown as `show` writes it; empty when none is close. */
export function didYouMean(word: string, candidates: readonly string[], show = (candidate: string) => candidate): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` Did you mean ${show(match)}?`;
}
