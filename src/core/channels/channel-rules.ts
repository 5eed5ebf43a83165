import { HoloError } from "#shared/errors/holo-error.ts";

/** The channel every new character joins, created on a fresh game. */
export const DEFAULT_CHANNEL = { name: "Public", alias: "pub" } as const;

const namePattern = /^[A-Za-z][A-Za-z0-9_-]{1,19}$/;
const aliasPattern = /^[a-z][a-z0-9]{0,9}$/;

/** Throws invalid_argument unless `name` is a valid channel name (2–20 letters, digits, `_`, `-`). */
export function checkChannelName(name: string): void {
  if (!namePattern.test(name))
    throw new HoloError(
      "invalid_argument",
      "A channel name must be 2 to 20 characters: a letter, then letters, digits, '_' or '-'.",
    );
}

/** Throws invalid_argument unless `alias` is 1–10 lower-case letters and digits, starting with a letter. */
export function checkChannelAlias(alias: string): void {
  if (!aliasPattern.test(alias))
    throw new HoloError(
      "invalid_argument",
      "A channel alias must be 1 to 10 lower-case letters or digits, starting with a letter.",
    );
}

/** The key a channel's stream is named by: `channel:<key>`. */
export function channelKey(name: string): string {
  return name.toLowerCase();
}

/** The most history lines one request shows, and the default. */
export const HISTORY_LIMIT = { max: 100, default: 20 } as const;
