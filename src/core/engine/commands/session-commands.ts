import { markup } from "#shared/markup/markup.ts";
import type { Command } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/** The one goodbye a player sees on quit, in any form (`quit`, `QUIT`, `quit now`). */
export const quitGoodbye = markup`Goodbye! Your character will be waiting when you return.`;

/** quit (who is in presence-commands.ts). */
export function sessionCommands(_deps: CommandDeps): Command[] {
  return [
    {
      name: "quit",
      help: "quit - leave; your session waits for you to come back.",
      permission: "play",
      // The only quit of a playing connection: the gateway sends every line here and closes on `detach`.
      run: async () => ({ output: [quitGoodbye], events: [], detach: true }),
    },
  ];
}
