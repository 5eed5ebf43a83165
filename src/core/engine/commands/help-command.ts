import { markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "../command.ts";

/** One line of `help`. */
export interface HelpEntry {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly help: string;
}

/** help, listing `entries()` (the registry's commands, then external ones). */
export function helpCommand(entries: () => readonly HelpEntry[]): Command {
  return {
    name: "help",
    help: "help [command] - list commands, or explain one.",
    permission: "play",
    async run(_ctx, args) {
      const all = entries();
      if (!args) return reply([markup`Commands:`, ...all.map((e) => markup`  ${e.help}`)]);
      const word = args.toLowerCase().replace(/^\//, "");
      const entry = all.find((e) => e.name === word || (e.aliases ?? []).includes(word));
      return reply([entry ? markup`${entry.help}` : markup`There is no help on "${args}".`]);
    },
  };
}
