/** The four pronoun forms %-substitutions use: subjective (%s), objective (%o), possessive (%p), absolute (%a). */
export interface PronounSet {
  readonly s: string;
  readonly o: string;
  readonly p: string;
  readonly a: string;
}

const sets = {
  he: { s: "he", o: "him", p: "his", a: "his" },
  she: { s: "she", o: "her", p: "her", a: "hers" },
  it: { s: "it", o: "it", p: "its", a: "its" },
  they: { s: "they", o: "them", p: "their", a: "theirs" },
} as const satisfies Record<string, PronounSet>;

const words: Readonly<Record<string, keyof typeof sets>> = {
  he: "he",
  him: "he",
  his: "he",
  m: "he",
  male: "he",
  man: "he",
  she: "she",
  her: "she",
  hers: "she",
  f: "she",
  female: "she",
  woman: "she",
  it: "it",
  its: "it",
  neuter: "it",
};

/**
 * The pronouns a PRONOUNS or SEX attribute names, from its first word ("she/her", "Male", "they"); anything
 * else, and none at all, is they/them.
 */
export function pronounSet(value: string | undefined): PronounSet {
  const first =
    (value ?? "")
      .trim()
      .toLowerCase()
      .split(/[\s/,;]+/)[0] ?? "";
  return sets[words[first] ?? "they"];
}
