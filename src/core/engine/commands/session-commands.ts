import { markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

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
      run: async () => ({
        output: [markup`Goodbye. Your session will wait for you.`],
        events: [],
        detach: true,
      }),
    },
  ];
}
