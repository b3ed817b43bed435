/**
 * "Did you mean …?" for misspelt keys and role names. A suggestion is only
 * made when it is close, because a wrong guess misleads more than none.
 */

/** The closest candidate to `word`, or undefined when none is close; ties go to the earliest candidate. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const wanted = normalize(word);
  if (wanted.length === 0) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const normalized = normalize(candidate);
    const distance = normalized.startsWith(wanted) && wanted.length >= 3 ? 0 : editDistance(wanted, normalized);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Appends ` (did you mean 'x'?)` when a close candidate exists. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closest(word, candidates);
  return match === undefined || match === word ? '' : ` (did you mean '${match}'?)`;
}

/** Case and `-`/`_` are the commonest slips in YAML keys, so they do not count as differences. */
function normalize(word: string): string {
  return word.toLowerCase().replaceAll('-', '_');
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(value);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}
