import { HoloError } from "#shared/errors/holo-error.ts";

const unavailableCodes = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL)/;

/** Maps a bun:sqlite error to a HoloError: I/O, locking and closed-handle failures are "unavailable". */
export function sqliteError(error: unknown): HoloError {
  if (error instanceof HoloError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if ((typeof code === "string" && unavailableCodes.test(code)) || /closed database/i.test(message)) {
    return new HoloError("unavailable", "The embedded database is unavailable.", { cause: error });
  }
  return new HoloError("internal", "The embedded database failed.", { cause: error });
}
