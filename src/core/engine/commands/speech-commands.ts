import { markup } from "#shared/markup/markup.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/** say, pose, semipose and emit: speech to the character's location, or to the private scene they are in there. */
export function speechCommands(deps: CommandDeps): Command[] {
  const pose = (semipose: boolean) => async (ctx: CommandContext, args: string) => {
    if (!args) return reply([markup`Pose what?`]);
    const payload = { name: ctx.character.name, text: args, semipose };
    return reply([], await deps.roomSpeech(ctx, (stream) => deps.event(ctx, stream, "pose", payload)));
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
        return reply([], await deps.roomSpeech(ctx, (stream) => deps.event(ctx, stream, "say", payload)));
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
      help: "emit <text> - show raw text to the room (admins only).",
      permission: "emit",
      async run(ctx, args) {
        if (!args) return reply([markup`Emit what?`]);
        const payload = { text: args };
        return reply([], await deps.roomSpeech(ctx, (stream) => deps.event(ctx, stream, "emit", payload)));
      },
    },
  ];
}
