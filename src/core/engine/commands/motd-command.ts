import { markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/** The stream of `@motd`: its newest `motd_set` event is the game's message. */
export const MOTD_STREAM = "game:motd";

/** The longest `@motd` text, in characters; the login event holds it with the operator's file. */
export const MOTD_MAX_CHARS = 2000;

/** @motd <text> sets the game's message of the day, @motd alone clears it: an event, so it survives restarts. */
export function motdCommand(deps: CommandDeps): Command {
  return {
    name: "motd",
    aliases: ["@motd"],
    help: "@motd [<text>] - set the message of the day shown at login, or clear it (admins only).",
    permission: "configure",
    audit: (args) => args,
    async run(ctx, args) {
      if (args.length > MOTD_MAX_CHARS)
        return reply([
          markup`That is too long: the message of the day holds at most ${MOTD_MAX_CHARS} characters.`,
        ]);
      const events = await deps.append([deps.event(ctx, MOTD_STREAM, "motd_set", { text: args })]);
      return reply(
        [args ? markup`The message of the day is set.` : markup`The message of the day is cleared.`],
        events,
      );
    },
  };
}
