/** The first `limit` distinct values of a list in `compare` order, and how many distinct values it holds. */
export interface FirstSorted {
  readonly first: string[];
  readonly distinct: number;
}

/**
 * The first `limit` distinct entries of `values` in `compare` order, without sorting them all: a look in a
 * room of ten thousand shows fifty names, and sorting every name with the locale's collation for each look
 * was most of a login's work in a crowded room. It costs one comparison per distinct value, plus a binary
 * insertion for the few that enter the kept list.
 */
export function firstSorted(
  values: Iterable<string>,
  limit: number,
  compare: (a: string, b: string) => number,
): FirstSorted {
  const seen = new Set<string>();
  const first: string[] = [];
  for (const value of values) {
    if (seen.has(value)) continue;
    seen.add(value);
    if (limit <= 0) continue;
    if (first.length === limit && compare(value, first[limit - 1] as string) >= 0) continue;
    let lo = 0;
    let hi = first.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(first[mid] as string, value) <= 0) lo = mid + 1;
      else hi = mid;
    }
    first.splice(lo, 0, value);
    if (first.length > limit) first.pop();
  }
  return { first, distinct: seen.size };
}
