import { HoloError } from "#shared/errors/holo-error.ts";

/** What a typed name matched among candidates. */
export type NameMatch<T> =
  | { readonly kind: "one"; readonly item: T }
  | { readonly kind: "none" }
  | { readonly kind: "many"; readonly items: readonly T[] };

/**
 * Matches `typed` against names, case-insensitively: an exact name wins, else a unique prefix.
 * Several prefix matches are "many", listed in name order.
 */
export function matchName<T>(items: readonly T[], typed: string, nameOf: (item: T) => string): NameMatch<T> {
  const wanted = typed.trim().toLowerCase();
  if (wanted === "") return { kind: "none" };
  const exact = items.find((i) => nameOf(i).toLowerCase() === wanted);
  if (exact !== undefined) return { kind: "one", item: exact };
  const prefixed = items
    .filter((i) => nameOf(i).toLowerCase().startsWith(wanted))
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const [first, ...rest] = prefixed;
  if (first === undefined) return { kind: "none" };
  return rest.length === 0 ? { kind: "one", item: first } : { kind: "many", items: prefixed };
}

/**
 * The one item `typed` names, or a HoloError naming the candidates: not_found with `missing(typed)` when
 * nothing matches, invalid_argument "Which 'al'? Alice, Alan." when several do.
 */
export function requireOne<T>(
  items: readonly T[],
  typed: string,
  nameOf: (item: T) => string,
  missing: (typed: string) => string,
): T {
  const match = matchName(items, typed, nameOf);
  switch (match.kind) {
    case "one":
      return match.item;
    case "none":
      throw new HoloError("not_found", missing(typed.trim()));
    case "many":
      throw new HoloError(
        "invalid_argument",
        `Which '${typed.trim()}'? ${match.items.map(nameOf).join(", ")}.`,
      );
  }
}
