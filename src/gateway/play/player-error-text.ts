import { type HoloError, isHoloError } from "#shared/errors/holo-error.ts";
import { sanitizeText } from "#shared/markup/sanitize-text.ts";
import { fromConnectError } from "#shared/rpc/error-codes.ts";
import { assertNever } from "#shared/util/assert-never.ts";

/** The one line a player sees for a failed call, chosen by error code, so no stack trace or internal message reaches a player. */
export function playerErrorText(error: unknown): string {
  const holo: HoloError = isHoloError(error) ? error : fromConnectError(error);
  switch (holo.code) {
    case "unauthenticated":
      // Invariant: one message whatever the cause, so a name cannot be probed.
      return "Either that player does not exist, or the password is wrong.";
    case "already_exists":
      // The core says why ("already taken", "too much like an existing one").
      return `${holo.message ? sanitizeText(holo.message) : "That name is already taken."} Please choose another.`;
    case "invalid_argument":
      return holo.message ? sanitizeText(holo.message) : "That is not allowed here.";
    case "not_found":
      return holo.message ? sanitizeText(holo.message) : "There is nothing by that name.";
    case "resource_exhausted":
      // The core's line says what ran out ("Too many failed logins…", "Every guest character is in use…").
      return holo.message
        ? sanitizeText(holo.message)
        : "Too many attempts. Please wait a moment and try again.";
    case "permission_denied":
      // The core writes these for players ("Only builders and admins may build.").
      return holo.message ? sanitizeText(holo.message) : "You are not allowed to do that.";
    case "unavailable":
    case "deadline_exceeded":
      return "The game is restarting. Please try again in a moment.";
    case "conflict":
    case "failed_precondition":
      return "That could not be done just now. Please try again.";
    case "internal":
      return "Something went wrong on our side. Please try again.";
    default:
      return assertNever(holo.code);
  }
}
