/** "Did you mean …?" for typos in keys, values and column names (`delimeter` → `delimiter`). */

/** Edits between two words, a swap of neighbours counting as one (`emial` → `email`). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] ?? 0) + 1);
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] ?? 0;
}

/** A name's words: split at spaces, `_`, `-`, `/`, `.` and camelCase humps, lowercased. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_\-/.()]+/)
    .filter((word) => word !== '');
}

/** A plausible typo: at most a third of the longer word's letters differ (one, for short words). */
const isTypo = (a: string, b: string, distance: number) =>
  distance <= Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));

/**
 * How far `candidate` is from `input` as a typo of it, or undefined when it is not one. Word by word:
 * each word may be misspelt, but no word may be another word — `Employee ID` is not a typo of
 * `Employee Name`, nor `First Name` of `Last Name`, though few letters differ. A candidate that
 * starts with all of the input's words (`Start Date (MM/DD/YYYY)` for `Start Date`) is near too.
 */
function typoDistance(input: string, candidate: string): number | undefined {
  const wanted = wordsOf(input);
  const offered = wordsOf(candidate);
  if (wanted.length === 0 || offered.length === 0) return undefined;
  if (wanted.join('') === offered.join('')) return 0;
  if (wanted.length !== offered.length) {
    const prefix = wanted.every((word, index) => offered[index] === word);
    return prefix ? offered.length - wanted.length : undefined;
  }
  let total = 0;
  for (const [index, word] of wanted.entries()) {
    const other = offered[index] as string;
    const distance = editDistance(word, other);
    if (!isTypo(word, other, distance)) return undefined;
    total += distance;
  }
  return total;
}

/** The candidate closest to `input` that is a plausible typo of it (case-insensitive), if any. */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = typoDistance(input, candidate);
    if (distance !== undefined && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
