import type { TokenBucketConfig } from "#core/accounts/token-buckets.ts";
import { HoloError } from "#shared/errors/holo-error.ts";

/** The most messages one mailbox holds by default (`mailQuota`); mail to a full one is refused for that recipient. */
export const DEFAULT_MAIL_QUOTA = 100;

/** The most characters one message may be addressed to: the `mail.sent` payload must stay well within 16 KiB. */
export const MAX_MAIL_RECIPIENTS = 20;

/** Messages one character may send by default: 10 at once, then one every 12 seconds (5 a minute). */
export const defaultMailRate: TokenBucketConfig = { burst: 10, refillMs: 12_000 };

const folderPattern = /^[a-z][a-z0-9_-]{0,19}$/;

/** The folder name as stored (lower case); throws invalid_argument unless it is 1–20 letters, digits, `_`, `-`. */
export function checkFolder(name: string): string {
  const folder = name.trim().toLowerCase();
  if (!folderPattern.test(folder))
    throw new HoloError(
      "invalid_argument",
      "A folder name is 1 to 20 characters: a letter, then letters, digits, '_' or '-'.",
    );
  return folder;
}

/** The names in `typed`, split at spaces and commas, without repeats (any case). */
export function recipientNames(typed: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const name of typed.split(/[\s,]+/)) {
    const key = name.toLowerCase();
    if (name === "" || seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  if (names.length === 0) throw new HoloError("invalid_argument", "Whom is it for? Give one or more names.");
  if (names.length > MAX_MAIL_RECIPIENTS)
    throw new HoloError(
      "invalid_argument",
      `A message may go to at most ${MAX_MAIL_RECIPIENTS} characters. Nothing was sent.`,
    );
  return names;
}
