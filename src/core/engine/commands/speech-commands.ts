import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import { markup } from "#shared/markup/markup.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { formatFor } from "./attribute-text.ts";

/** What a character refused `speak` in its room reads. */
export const SPEAK_DENIED = "You may not speak here.";

/** Writes a line where the speaker's audience is, once `speak` on the room allows it. */
export type SpeakInRoom = (
  ctx: CommandContext,
  build: (stream: string) => NewEvent,
) => Promise<StoredEvent[]>;

/** Speech to the room or the private scene there, asking `speak` on the room first (a policy may silence a room, or someone in it). */
export function speakInRoom(deps: Pick<CommandDeps, "roomSpeech" | "permissions">): SpeakInRoom {
  return (ctx, build) =>
    deps.roomSpeech(ctx, build, () =>
      deps.permissions.require(
        ctx,
        "speak",
        { kind: "location", id: ctx.character.locationId },
        SPEAK_DENIED,
      ),
    );
}

/** say, pose, semipose and emit: speech to the character's location, or to the private scene they are in there. */
export function speechCommands(deps: CommandDeps): Command[] {
  const speak = speakInRoom(deps);
  const pose = (semipose: boolean) => async (ctx: CommandContext, args: string) => {
    if (!args) return reply([markup`Pose what?`]);
    const payload = { name: ctx.character.name, text: args, semipose };
    return reply([], await speak(ctx, (stream) => deps.event(ctx, stream, "pose", payload)));
  };
  return [
    {
      name: "say",
      prefixes: ['"'],
      help: 'say <text> (or "<text>) - speak to the room.',
      permission: "play",
      async run(ctx, args) {
        if (!args) return reply([markup`Say what?`]);
        const payload = { name: ctx.character.name, text: args };
        return reply([], await speak(ctx, (stream) => deps.event(ctx, stream, "say", payload)));
      },
    },
    {
      name: "pose",
      prefixes: [":"],
      help: "pose <action> (or :<action>) - act: ':waves' shows 'Alice waves'.",
      permission: "play",
      run: pose(false),
    },
    {
      name: "semipose",
      prefixes: [";"],
      help: ";<text> - act with no space: ';'s hat is red' shows 'Alice's hat is red'.",
      permission: "play",
      run: pose(true),
    },
    {
      name: "emit",
      aliases: ["@emit"],
      help: "emit <text> - show text to the room, with %-substitutions (admins only; help formatting).",
      permission: "emit",
      async run(ctx, args) {
        if (!args) return reply([markup`Emit what?`]);
        const payload = { text: formatFor(deps.world.state(), ctx, args) };
        return reply([], await speak(ctx, (stream) => deps.event(ctx, stream, "emit", payload)));
      },
    },
  ];
}
