import { createHmac, randomBytes } from "node:crypto";

/** Tells whether a stored command was made from a given line, without storing anything a reader could use. */
export interface LineCheck {
  /** The check stored with a command's result. */
  of(line: string): string;
  /** False only when `stored` was made by this check from another line; checks of other processes pass. */
  matches(stored: string | undefined, line: string): boolean;
}

/**
 * Creates a check keyed by `key` (32 random bytes by default), made once per core process and never stored:
 * the stored value is `<key id>.<HMAC-SHA-256 of the line>`. A line may hold a password, so an unkeyed hash
 * in the store would let anyone who reads it test guesses offline; this one cannot be tested without the key.
 * Known limitation: a record written by another process (before a restart, or another core on the same
 * Postgres) is not checked.
 */
export function createLineCheck(key: Uint8Array = randomBytes(32)): LineCheck {
  const id = createHmac("sha256", key).update("key id").digest("base64url").slice(0, 8);
  const of = (line: string): string => `${id}.${createHmac("sha256", key).update(line).digest("base64url")}`;
  return {
    of,
    matches(stored, line) {
      if (stored === undefined || !stored.startsWith(`${id}.`)) return true;
      return stored === of(line);
    },
  };
}
