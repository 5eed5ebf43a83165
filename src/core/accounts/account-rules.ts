import { HoloError } from "#shared/errors/holo-error.ts";

/** A player's or character's role; only the core decides what each may do. */
export type Role = "player" | "builder" | "admin" | "guest";

/** Names: 3–20 letters, digits, `_` and `-`. */
const namePattern = /^[A-Za-z0-9_-]{3,20}$/;

/** The shortest and longest password accepted, in characters. */
export const PASSWORD_LENGTH = { min: 8, max: 256 } as const;

/** Guest and Guest-N (any case) belong to guest logins (guest-accounts.ts). */
const guestNamePattern = /^guest(-\d+)?$/i;

/** Throws invalid_argument unless `name` is a valid player or character name; guest names are reserved. */
export function checkName(name: string): void {
  if (guestNamePattern.test(name))
    throw new HoloError("invalid_argument", "That name is reserved for guests.");
  if (!namePattern.test(name)) {
    throw new HoloError(
      "invalid_argument",
      "A name must be 3 to 20 characters: letters, digits, '_' or '-'.",
    );
  }
}

/** Throws invalid_argument unless `password` has an acceptable length. */
export function checkPassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH.min || length > PASSWORD_LENGTH.max) {
    throw new HoloError(
      "invalid_argument",
      `A password must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters.`,
    );
  }
}

/** The key names are unique by: case-insensitive. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}
