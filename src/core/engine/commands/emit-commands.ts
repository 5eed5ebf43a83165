import { charStream, locationStream } from "#core/events/event.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { formattedText } from "#shared/markup/format-text.ts";
import { markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { formatFor } from "./attribute-text.ts";
import { findLocation } from "./build-commands.ts";
import { speakInRoom } from "./speech-commands.ts";
import { refuse, splitEquals, whereIs } from "./world-kit.ts";

/** `<target> = <text>`, both present, or a refusal with the command's usage. */
function targetAndText(args: string, usage: string): [string, string] {
  const [target, text, hasEquals] = splitEquals(args);
  if (!target || !hasEquals || !text) refuse(`Usage: ${usage}`);
  return [target, text];
}

/**
 * think, @pemit, @remit and @oemit, as in PennMUSH, all with %-substitutions. think shows text to its typist
 * alone and writes nothing; the emits write one `emit` event (admins, as @emit): to a character's own stream, to a
 * room's, or to the typist's room with one character left out.
 */
export function emitCommands(deps: CommandDeps): Command[] {
  const character = async (typed: string) => {
    const found = await deps.findCharacter(typed);
    if (!found) refuse(`There is no character called '${typed}'.`);
    return found;
  };
  const speak = speakInRoom(deps);
  return [
    {
      name: "think",
      help: "think <text> - show text to yourself alone, with %-substitutions (nobody else sees it).",
      permission: "play",
      run: async (ctx, args) =>
        reply([args ? formattedText(formatFor(deps.world.state(), ctx, args)) : markup`Think what?`]),
    },
    {
      name: "pemit",
      aliases: ["@pemit"],
      help: "@pemit <character> = <text> - show text to one character, wherever they are (admins only).",
      permission: "emit",
      async run(ctx, args) {
        const [typed, text] = targetAndText(args, "@pemit <character> = <text>");
        const to = await character(typed);
        const payload = { text: formatFor(deps.world.state(), ctx, text), name: ctx.character.name };
        const event = deps.event(ctx, charStream(to.id), "emit", payload);
        return reply([markup`You emit to ${clipName(to.name)}: ${text}`], await deps.append([event]));
      },
    },
    {
      name: "remit",
      aliases: ["@remit"],
      help: "@remit <room> = <text> - show text to everyone in a room, by its name or id (admins only).",
      permission: "emit",
      async run(ctx, args) {
        const [typed, text] = targetAndText(args, "@remit <room> = <text>");
        const state = deps.world.state();
        const roomId = findLocation(state, typed, whereIs(state, ctx.character));
        const room = state.locations.get(roomId);
        const payload = { text: formatFor(state, ctx, text), name: ctx.character.name };
        const events = await deps.append([deps.event(ctx, locationStream(roomId), "emit", payload)]);
        return reply([markup`You emit to ${clipName(room?.name ?? roomId)}: ${text}`], events);
      },
    },
    {
      name: "oemit",
      aliases: ["@oemit"],
      help: "@oemit <character> = <text> - show text to everyone in your room but that character (admins only).",
      permission: "emit",
      async run(ctx, args) {
        const [typed, text] = targetAndText(args, "@oemit <character> = <text>");
        const left = await character(typed);
        const payload = {
          text: formatFor(deps.world.state(), ctx, text),
          name: ctx.character.name,
          except: left.id,
        };
        return reply([], await speak(ctx, (stream) => deps.event(ctx, stream, "emit", payload)));
      },
    },
  ];
}
