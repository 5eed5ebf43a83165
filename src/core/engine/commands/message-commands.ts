import type { Speaker } from "#core/comms/comm-event.ts";
import type { Messages } from "#core/comms/messages.ts";
import type { PageBlocks } from "#core/comms/page-blocks.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { SpeakInRoom } from "./speech-commands.ts";

/** The acting character as the comms services see it. */
export function speakerOf(ctx: CommandContext): Speaker {
  return { id: ctx.character.id, name: ctx.character.name, newId: ctx.newId };
}

/** `page/block [<name>]` and `page/unblock <name>`; undefined for a plain page. */
async function pageSwitch(
  blocks: PageBlocks,
  ctx: CommandContext,
  args: string,
  switches: readonly string[],
): Promise<Markup | undefined> {
  const [switchName, ...more] = switches.map((s) => s.toLowerCase());
  if (switchName === undefined) return undefined;
  if (switchName === "block" && more.length === 0)
    return args === "" ? blocks.list(ctx.character.id) : blocks.block(ctx.character.id, args);
  if (switchName === "unblock" && more.length === 0) return blocks.unblock(ctx.character.id, args);
  return markup`Usage: page/block <name>, page/unblock <name>, or page/block to list whom you block.`;
}

/** page, whisper and ooc; ooc goes through `roomSpeech` (with the `speak` decision), so in a private scene only its participants read it. */
export function messageCommands(messages: Messages, blocks: PageBlocks, roomSpeech: SpeakInRoom): Command[] {
  return [
    {
      name: "page",
      aliases: ["p"],
      help:
        "page <name>[, <name>...] = <message> (or page <message> to the same people again) - a private message to " +
        "characters anywhere, kept for them if they are away; '=:waves' sends a pose. page/block <name> refuses " +
        "someone's pages and whispers, page/unblock <name> lifts it, page/block lists them.",
      permission: "play",
      async run(ctx, args, { switches }) {
        const line = await pageSwitch(blocks, ctx, args, switches);
        if (line !== undefined) return reply([line]);
        return reply([], await messages.page(speakerOf(ctx), args));
      },
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
      run: async (ctx, args) =>
        reply(
          [],
          await messages.ooc(speakerOf(ctx), ctx.character.locationId, args, (build) =>
            roomSpeech(ctx, build),
          ),
        ),
    },
  ];
}
