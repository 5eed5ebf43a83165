import type { SceneLogEntry } from "./scene-log.ts";

/** A time as `2026-12-05 09:03 UTC`: readable, and the same wherever the core runs. */
export function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * A line as the room saw it: `Alice waves.`, `Alice's hat falls.`, `Alice says, "hi"`, or an emit's text; an
 * out-of-character one starts `<OOC> `, and a redacted one reads `[redacted by <name>]` whatever it said.
 */
export function entryText(e: SceneLogEntry): string {
  if (e.redactedBy !== undefined) return `[redacted by ${e.redactedBy}]`;
  const ooc = e.ooc ? "<OOC> " : "";
  switch (e.kind) {
    case "say":
      return `${ooc}${e.name} says, "${e.text}"`;
    case "pose":
      return `${ooc}${e.name}${e.semipose ? "" : " "}${e.text}`;
    case "emit":
      return `${ooc}${e.text}`;
  }
}
