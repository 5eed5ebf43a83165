import type { HelpTopic } from "./help-topic.ts";

/** A category and the names of its topics, sorted. */
export interface HelpCategory {
  readonly name: string;
  readonly topics: readonly string[];
}

/** The topics `help` serves, found by name or alias, listed by category, searched by text. */
export interface HelpIndex {
  /** The topic called `word` (name or alias, any case), or undefined. */
  find(word: string): HelpTopic | undefined;
  /** Every category with its topics, in the order `help` shows them. */
  categories(): readonly HelpCategory[];
  /** The topics whose title or text contains `word` (any case), by name. */
  search(word: string): readonly HelpTopic[];
  /** Up to `limit` topic names close to `word`: those it starts, then those a few edits away. */
  closeTo(word: string, limit?: number): readonly string[];
  /** How many topics there are. */
  readonly size: number;
}

/** The order of the built-in categories in `help`; a staff category comes after them, by name. */
const categoryOrder = ["general", "communication", "world", "building", "account", "admin"];

/**
 * The edit distance of two short words, counting an insertion, a deletion, a substitution or two adjacent
 * letters swapped as one edit (optimal string alignment), capped: past `cap` it answers cap + 1.
 */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const up = rows[i - 1] as number[];
      let best = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(best);
    }
    rows.push(row);
  }
  return Math.min((rows[a.length] as number[])[b.length] as number, cap + 1);
}

const rank = (category: string) => {
  const at = categoryOrder.indexOf(category);
  return at < 0 ? categoryOrder.length : at;
};

/** Creates an index; a later topic with the name of an earlier one replaces it (staff over built-in). */
export function createHelpIndex(topics: readonly HelpTopic[]): HelpIndex {
  const byName = new Map<string, HelpTopic>();
  for (const topic of topics) byName.set(topic.name, topic);
  const byWord = new Map<string, HelpTopic>();
  // Names win over aliases, so an alias can never hide a topic.
  for (const topic of byName.values())
    for (const alias of topic.aliases) if (!byName.has(alias)) byWord.set(alias, topic);
  for (const topic of byName.values()) byWord.set(topic.name, topic);
  const sorted = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  const categories = [...new Set(sorted.map((t) => t.category))]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((name) => ({ name, topics: sorted.filter((t) => t.category === name).map((t) => t.name) }));
  return {
    find: (word) => byWord.get(word.trim().toLowerCase()),
    categories: () => categories,
    search(word) {
      const wanted = word.trim().toLowerCase();
      if (!wanted) return [];
      return sorted.filter((t) => `${t.title}\n${t.body}`.toLowerCase().includes(wanted));
    },
    closeTo(word, limit = 5) {
      const wanted = word.trim().toLowerCase();
      if (!wanted) return [];
      const cap = wanted.length <= 4 ? 1 : 2;
      const scored = [...byWord.keys()]
        .map((w) => ({ w, d: w.startsWith(wanted) ? 0 : editDistance(wanted, w, cap) }))
        .filter((s) => s.d <= cap)
        .sort((a, b) => a.d - b.d || a.w.localeCompare(b.w));
      const names = scored.map((s) => (byWord.get(s.w) as HelpTopic).name);
      return [...new Set(names)].slice(0, limit);
    },
    size: byName.size,
  };
}
