import type { Command } from "./command.ts";
import type { CommandDeps } from "./command-deps.ts";
import { lookCommand } from "./commands/look-command.ts";
import { sessionCommands } from "./commands/session-commands.ts";
import { speechCommands } from "./commands/speech-commands.ts";

/**
 * The engine's own commands, in the order `help` lists them. To add a command, write it in
 * commands/<name>.ts and add one line here. `help` itself is added by the engine.
 */
export function builtinCommands(deps: CommandDeps): Command[] {
  return [lookCommand(deps), ...speechCommands(deps), ...sessionCommands(deps)];
}
