import { HoloError } from "#shared/errors/holo-error.ts";

/** A player's or character's role; only the core decides what each may do. */
export type Role = "player" | "builder" | "admin" | "guest";

/** The shortest and longest password accepted, in characters. */
export const PASSWORD_LENGTH = { min: 8, max: 256 } as const;

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

/** The key names are unique by: case-insensitive (see name-rules.ts for the look-alike key and the name rules). */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}
