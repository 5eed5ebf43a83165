import { HoloError } from "#shared/errors/holo-error.ts";

const unavailableCodes = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
]);
// SQLSTATE classes that mean "the server cannot serve this now": connection, resources, not accepting connections, shutdown, auth, missing db.
const unavailableStates = /^(08|53|55000|57P|28|3D|40001|40P01)/;

/** Maps a postgres.js error to a HoloError: connection and server-side outages are "unavailable". */
export function postgresError(error: unknown): HoloError {
  if (error instanceof HoloError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (unavailableCodes.has(code) || unavailableStates.test(code))) {
    return new HoloError("unavailable", "The database is unavailable.", { cause: error });
  }
  return new HoloError("internal", "The database failed.", { cause: error });
}
