// echo: hears every say in the rooms and echoes it back to the speaker with a prefix.
import { input, notify, output } from "../../lib/assembly/host";

/** Aborts the call; built with `--use abort=assembly/index/pluginAbort` so no `env.abort` is imported. */
function pluginAbort(message: string | null, file: string | null, line: u32, column: u32): void {
  unreachable();
}

export function handle_event(): i32 {
  const call = input();
  output("{}");
  if (call == null) return 0;
  const event = call.obj("event");
  const actor = event.obj("actor");
  if (event.str("type") != "say" || actor.str("kind") != "character") return 0;
  const payload = event.obj("payload");
  // A say's payload is { name, text } (docs/events.md).
  const text = payload.str("text");
  if (text.length == 0) return 0;
  notify(actor.str("id"), "Echo: " + text);
  return 0;
}

export function handle_command(): i32 {
  output("{}");
  return 0;
}
