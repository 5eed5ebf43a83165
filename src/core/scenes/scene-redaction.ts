import type { Role } from "#core/accounts/account-rules.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Scene } from "./scene.ts";
import type { SceneLogEntry } from "./scene-log.ts";

/** Who asks to redact a line. */
export interface Redactor {
  readonly id: string;
  readonly role: Role;
}

/**
 * The log line `typed` names for `who` to redact: a line number as `scene log` shows it, or `last` (or nothing)
 * for their own latest line not yet redacted. Only its author or an admin may redact a line: not even the scene's
 * starter may take back someone else's words.
 */
export function lineToRedact(
  who: Redactor,
  scene: Scene,
  entries: readonly SceneLogEntry[],
  typed: string,
): SceneLogEntry {
  const text = typed.trim().toLowerCase();
  if (text === "" || text === "last") {
    const mine = entries.findLast((e) => e.authorId === who.id && e.redactedBy === undefined);
    if (!mine) throw new HoloError("not_found", `You have no line to redact in scene ${scene.id}.`);
    return mine;
  }
  const n = Number(text.replace(/^#/, ""));
  if (!Number.isSafeInteger(n) || n < 1)
    throw new HoloError("invalid_argument", `"${typed.trim()}" is not a line number; try "last".`);
  const entry = entries[n - 1];
  if (!entry)
    throw new HoloError(
      "invalid_argument",
      `Scene ${scene.id}'s log has ${entries.length} line${entries.length === 1 ? "" : "s"}.`,
    );
  if (entry.authorId !== who.id && who.role !== "admin")
    throw new HoloError("permission_denied", `Line ${n} of scene ${scene.id} is not yours to redact.`);
  if (entry.redactedBy !== undefined)
    throw new HoloError("already_exists", `Line ${n} of scene ${scene.id} is already redacted.`);
  return entry;
}
