import { type SanitizeOptions, sanitizeText } from "./sanitize-text.ts";

declare const markupBrand: unique symbol;

/**
 * Server markup (`%[bold]…%[/]`, `%%` for a literal `%`; src/gateway/render/README.md) that is safe to send as
 * trusted: built only by `markup` or `playerText`, so every piece of player or stored text in it was sanitised
 * and escaped. A plain string is not a Markup, so the compiler refuses one where output is expected.
 */
export type Markup = string & { readonly [markupBrand]: true };

/** What a `markup` template may interpolate: text (always sanitised and escaped) or a number. */
export type MarkupValue = string | number;

/** Refuses a Markup where text is expected: interpolated, it would be escaped a second time. */
type TextOnly<V extends readonly MarkupValue[]> = {
  readonly [K in keyof V]: V[K] extends Markup ? never : V[K];
};

/** Escapes text so the markup parser reads it literally: every `%` becomes `%%`. */
export function escapeMarkup(text: string): string {
  return text.replaceAll("%", "%%");
}

/** Untrusted text as markup that shows it literally: sanitised (one line unless `newlines`), then escaped. */
export function playerText(text: string, options: SanitizeOptions = {}): Markup {
  return escapeMarkup(sanitizeText(text, options)) as Markup;
}

/**
 * Builds server markup from a template: the literal parts are the server's own markup, every interpolated
 * value is sanitised to one line and markup-escaped, so it can neither colour itself nor reach the terminal
 * raw. `markup\`%[bold]${name}%[/] arrives.\``
 */
export function markup<const V extends readonly MarkupValue[]>(
  strings: TemplateStringsArray,
  ...values: TextOnly<V>
): Markup {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += playerText(String(values[i])) + (strings[i + 1] ?? "");
  return out as Markup;
}
