import type { Command } from "./command.ts";
import type { CommandDeps } from "./command-deps.ts";
import { adminCommands } from "./commands/admin-commands.ts";
import { attributeCommands } from "./commands/attribute-commands.ts";
import { buildCommands } from "./commands/build-commands.ts";
import { editCommands } from "./commands/edit-commands.ts";
import { emitCommands } from "./commands/emit-commands.ts";
import { examineCommand } from "./commands/examine-command.ts";
import { lockCommands } from "./commands/lock-commands.ts";
import { lookCommand } from "./commands/look-command.ts";
import { motdCommand } from "./commands/motd-command.ts";
import { objectCommands } from "./commands/object-commands.ts";
import { ownerCommands } from "./commands/owner-commands.ts";
import { policyCommand } from "./commands/policy-commands.ts";
import { presenceCommands } from "./commands/presence-commands.ts";
import { sessionCommands } from "./commands/session-commands.ts";
import { speechCommands } from "./commands/speech-commands.ts";

/**
 * The engine's own commands, in the order `help` lists them. To add a command, write it in
 * commands/<name>.ts and add one line here. The engine adds `help`, and the movement commands (go, home)
 * with their fallback for exit names typed alone.
 */
export function builtinCommands(deps: CommandDeps): Command[] {
  return [
    lookCommand(deps),
    ...speechCommands(deps),
    ...emitCommands(deps),
    ...presenceCommands(deps),
    ...sessionCommands(deps),
    ...objectCommands(deps),
    ...buildCommands(deps),
    ...editCommands(deps),
    ...attributeCommands(deps),
    examineCommand(deps),
    ...adminCommands(deps),
    ...ownerCommands(deps),
    ...lockCommands(deps),
    policyCommand(deps),
    motdCommand(deps),
  ];
}
