import type { ThingKind } from "#core/world/world-events.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { checkDescription, checkExitNames, checkThingName, clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command, CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import {
  appended,
  exitsIn,
  nameAndAliases,
  notYours,
  refuse,
  splitEquals,
  thingHere,
  whereIs,
  worldEvent,
} from "./world-kit.ts";

/** What `describe` and `name` may edit: here, me, an exit here, or an object here or held. */
function editable(
  state: WorldState,
  ctx: CommandContext,
  typed: string,
): { kind: ThingKind; id: string; name: string } {
  if (typed.toLowerCase() === "me")
    return { kind: "character", id: ctx.character.id, name: ctx.character.name };
  return thingHere(state, ctx, typed);
}

/** describe and name; anyone may describe themselves, the rest is building. */
export function editCommands(deps: CommandDeps): Command[] {
  return [
    {
      name: "describe",
      aliases: ["desc", "@desc", "@describe"],
      help: "describe here|me|<exit|object> = <text> - set a description.",
      permission: "play",
      run: async (ctx, args) => {
        const [what, text, hasEquals] = splitEquals(args);
        if (!what || !hasEquals) refuse("Describe what? describe here|me|<target> = <text>");
        checkDescription(text);
        const { stored, value } = await deps.world.change(async (state) => {
          const thing = editable(state, ctx, what);
          await deps.permissions.require(ctx, "modify", thing, notYours("describe", thing.name));
          const payload = { kind: thing.kind, id: thing.id, description: text };
          return {
            events: [worldEvent(deps, ctx, { type: "described", payload })],
            value: clipName(thing.name),
          };
        });
        return appended(stored, [markup`Described ${value}.`]);
      },
    },
    {
      name: "name",
      aliases: ["rename", "@name"],
      help: "name <target> = <new name>[;aliases] - rename a location (here), exit or object.",
      permission: "play",
      onTarget: "modify",
      run: async (ctx, args) => {
        const [what, text] = splitEquals(args);
        const spec = nameAndAliases(text);
        if (!what || !spec.name) refuse("Rename what? name <target> = <new name>");
        const { stored, value } = await deps.world.change(async (state) => {
          const thing = editable(state, ctx, what);
          if (thing.kind === "character") refuse("Characters keep the name they were created with.");
          await deps.permissions.require(ctx, "modify", thing, notYours("rename", thing.name));
          if (thing.kind === "exit") {
            checkExitNames(spec.name, spec.aliases);
            const here = whereIs(state, ctx.character);
            const others = exitsIn(state, here).filter((x) => x.id !== thing.id);
            const taken = others.flatMap((x) => [x.name, ...x.aliases]).map((w) => w.toLowerCase());
            const clash = [spec.name, ...spec.aliases].find((w) => taken.includes(w.toLowerCase()));
            if (clash) refuse(`There is already an exit called '${clash}' there.`);
          } else checkThingName(spec.name);
          const aliases = thing.kind === "exit" ? { aliases: spec.aliases } : {};
          const payload = { kind: thing.kind, id: thing.id, name: spec.name, ...aliases };
          return {
            events: [worldEvent(deps, ctx, { type: "renamed", payload })],
            value: clipName(thing.name),
          };
        });
        return appended(stored, [markup`Renamed ${value} to ${spec.name}.`]);
      },
    },
  ];
}
