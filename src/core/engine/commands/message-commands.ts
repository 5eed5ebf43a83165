import type { Speaker } from "#core/comms/comm-event.ts";
import type { Messages } from "#core/comms/messages.ts";
import { type Command, type CommandContext, reply } from "../command.ts";

/** The acting character as the comms services see it. */
export function speakerOf(ctx: CommandContext): Speaker {
  return { id: ctx.character.id, name: ctx.character.name, newId: ctx.newId };
}

/** page, whisper and ooc. */
export function messageCommands(messages: Messages): Command[] {
  return [
    {
      name: "page",
      aliases: ["p"],
      help:
        "page <name>[, <name>...] = <message> (or page <message> to the same people again) - a private message to " +
        "characters anywhere, kept for them if they are away; '=:waves' sends a pose.",
      permission: "play",
      run: async (ctx, args) => reply([], await messages.page(speakerOf(ctx), args)),
    },
    {
      name: "whisper",
      help: "whisper <name> = <message> - speak privately to someone here; others see only that you whispered.",
      permission: "play",
      run: async (ctx, args) =>
        reply([], await messages.whisper(speakerOf(ctx), ctx.character.locationId, args)),
    },
    {
      name: "ooc",
      help: "ooc <message> (or ooc :<pose>) - speak to the room out of character.",
      permission: "play",
      run: async (ctx, args) => reply([], await messages.ooc(speakerOf(ctx), ctx.character.locationId, args)),
    },
  ];
}
