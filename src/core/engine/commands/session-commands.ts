import { markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/** The one goodbye a player sees on quit, in any form (`quit`, `QUIT`, `quit now`). */
export const quitGoodbye = markup`Goodbye! Your character will be waiting when you return.`;

/** who and quit. */
export function sessionCommands(deps: CommandDeps): Command[] {
  return [
    {
      name: "who",
      help: "who - list the characters connected now.",
      permission: "play",
      async run() {
        const names = [...new Set((await deps.presence()).map((c) => c.name))].sort((a, b) =>
          a.localeCompare(b),
        );
        const count = names.length === 1 ? "1 character is" : `${names.length} characters are`;
        return reply([...names.map((n) => markup`  ${n}`), markup`${count} connected.`]);
      },
    },
    {
      name: "quit",
      help: "quit - leave; your session waits for you to come back.",
      permission: "play",
      // The only quit of a playing connection: the gateway sends every line here and closes on `detach`.
      run: async () => ({ output: [quitGoodbye], events: [], detach: true }),
    },
  ];
}
