import type { ArgsDef } from "citty";
import { HoloError } from "#shared/errors/holo-error.ts";

/**
 * Refuses flags the command does not declare, and positional words beyond those it declares (citty accepts both
 * silently).
 */
export function assertKnownArgs(rawArgs: readonly string[], defs: ArgsDef): void {
  const known = new Set(["help", "h"]);
  const valued = new Set<string>();
  let positionals = 0;
  for (const [name, def] of Object.entries(defs)) {
    known.add(name);
    if (def.type === "boolean") known.add(`no-${name}`);
    if (def.type === "string" || def.type === "enum") valued.add(name);
    if (def.type === "positional") positionals++;
  }
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") {
      if (positionals-- > 0) continue;
      throw new HoloError("invalid_argument", `unexpected argument "${arg}"`);
    }
    const name = arg.replace(/^-{1,2}/, "").split("=")[0] as string;
    if (!known.has(name)) throw new HoloError("invalid_argument", `unknown flag "${arg}" (see --help)`);
    if (valued.has(name) && !arg.includes("=")) {
      if (i + 1 >= rawArgs.length) throw new HoloError("invalid_argument", `flag "--${name}" needs a value`);
      i++;
    }
  }
}
