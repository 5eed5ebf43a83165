import { clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command, CommandContext, CommandFallback, EngineResult } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { attributeMessage } from "./attribute-text.ts";
import { moveEvents } from "./move-character.ts";
import { pastLock } from "./require-past-lock.ts";
import { appended, exitsIn, homeOf, own, pick, refuse, room, whereIs } from "./world-kit.ts";

/** The direction words that mean "the exit with this alias", refused when there is none. */
export const SHORTCUTS = ["n", "s", "e", "w", "ne", "nw", "se", "sw", "u", "d", "out"] as const;

/** Moving: `go <exit>`, `home`, and (as a fallback) an exit's name or alias typed alone. */
export function movementCommands(deps: CommandDeps): { commands: Command[]; fallback: CommandFallback } {
  const go = async (ctx: CommandContext, typed: string): Promise<EngineResult> => {
    const { stored, value } = await deps.world.change(async (state) => {
      const here = whereIs(state, ctx.character);
      const exit = pick(exitsIn(state, here), typed);
      const to = exit.to;
      if (to === undefined || !state.locations.has(to))
        refuse(`The ${clipName(exit.name)} exit leads nowhere.`);
      const line = `You may not go through ${clipName(exit.name)}.`;
      const thing = { kind: "exit" as const, id: exit.id };
      const refused = await pastLock(deps, ctx, state, "enter", thing, line);
      if (refused) return { events: refused.events, value: [refused.line] };
      // The exit's messages: SUCC to the one going, OSUCC to the room left, DROP and ODROP on arrival.
      const message = (attribute: string, stream: string) =>
        attributeMessage(deps, ctx, state, thing, attribute, stream);
      const events = [
        ...message("SUCC", own(ctx.character.id)),
        ...message("OSUCC", room(here)),
        ...(await moveEvents(deps, ctx, state, ctx.character, to)),
        ...message("DROP", own(ctx.character.id)),
        ...message("ODROP", room(to)),
      ];
      return { events, value: [] };
    });
    return appended(stored, value);
  };
  const commands: Command[] = [
    {
      name: "go",
      aliases: ["move"],
      help: "go <exit> (or just the exit's name, or n/s/e/w/ne/nw/se/sw/u/d/out) - leave by an exit.",
      permission: "play",
      run: async (ctx, args) => (args ? go(ctx, args) : refuse("Go where?")),
    },
    {
      name: "home",
      help: "home - go back to your home (set with 'link me = here').",
      permission: "play",
      run: async (ctx) => {
        const { stored } = await deps.world.change(async (state) => {
          const home = homeOf(state, ctx.character.id, deps.world.startLocationId);
          if (whereIs(state, ctx.character) === home) refuse("You are already home.");
          const line = "You may not go home: you may not enter it.";
          await deps.permissions.require(ctx, "enter", { kind: "location", id: home }, line);
          return { events: await moveEvents(deps, ctx, state, ctx.character, home), value: undefined };
        });
        return appended(stored, [markup`There's no place like home...`]);
      },
    },
  ];
  const fallback: CommandFallback = async (ctx, line) => {
    const state = deps.world.state();
    const word = line.toLowerCase();
    const exits = exitsIn(state, whereIs(state, ctx.character));
    const named = exits.some((x) => [x.name, ...x.aliases].some((w) => w.toLowerCase() === word));
    if (named) return go(ctx, line);
    if ((SHORTCUTS as readonly string[]).includes(word))
      return appended([], [markup`You can't go that way.`]);
    return undefined;
  };
  return { commands, fallback };
}
