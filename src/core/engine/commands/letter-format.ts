import { type Markup, markup, playerText } from "#shared/markup/markup.ts";

/** A time as `2026-12-05 09:30` (UTC), for lists and headers. */
export function shortTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** A stored body as output lines, each sanitised on its own (a body keeps its line breaks). */
export function bodyLines(body: string): Markup[] {
  return body.split("\n").map((line) => playerText(line));
}

/** `text` cut to `width` characters with an ellipsis, padded to `width`. */
export function cell(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, width - 1).join("")}…` : text.padEnd(width);
}

/** The rule around a message's body. */
export const RULE = markup`${"-".repeat(60)}`;

/** "1 message" or "2 messages". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
