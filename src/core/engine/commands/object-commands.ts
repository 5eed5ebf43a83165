import { checkThingName, clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { attributeMessage } from "./attribute-text.ts";
import { pastLock } from "./require-past-lock.ts";
import {
  appended,
  objectsIn,
  own,
  pick,
  presentIn,
  refuse,
  room,
  splitEquals,
  whereIs,
  worldEvent,
} from "./world-kit.ts";

/** create, get, drop, give and inventory: objects in locations and inventories. */
export function objectCommands(deps: CommandDeps): Command[] {
  return [
    {
      name: "create",
      aliases: ["@create"],
      help: "create <name> - make an object; you hold it.",
      permission: "build",
      run: async (ctx, args) => {
        if (!args) refuse("Create what?");
        checkThingName(args);
        const payload = {
          id: ctx.newId(),
          name: args,
          description: "",
          holder: ctx.character.id,
          owner: ctx.character.id,
        };
        const { stored } = await deps.world.change(() => ({
          events: [worldEvent(deps, ctx, { type: "object_created", payload })],
          value: undefined,
        }));
        return appended(stored, [markup`Created ${args}. You are holding it.`]);
      },
    },
    {
      name: "get",
      aliases: ["take"],
      help: "get <object> - pick up an object here.",
      permission: "play",
      run: async (ctx, args) => {
        if (!args) refuse("Get what?");
        const { stored, value } = await deps.world.change(async (state) => {
          const here = whereIs(state, ctx.character);
          const picked = pick(objectsIn(state, { location: here }), args);
          const thing = { kind: "object" as const, id: picked.id };
          const line = `You may not pick up ${clipName(picked.name)}.`;
          const refused = await pastLock(deps, ctx, state, "take", thing, line);
          if (refused) return { events: refused.events, value: [refused.line] };
          const payload = { id: picked.id, holder: ctx.character.id };
          const events = [
            worldEvent(deps, ctx, { type: "object_moved", payload }),
            deps.event(ctx, room(here), "get", { name: ctx.character.name, object: clipName(picked.name) }),
            ...attributeMessage(deps, ctx, state, thing, "SUCC", own(ctx.character.id)),
            ...attributeMessage(deps, ctx, state, thing, "OSUCC", room(here)),
          ];
          return { events, value: [] };
        });
        return appended(stored, value);
      },
    },
    {
      name: "drop",
      help: "drop <object> - put down an object you hold.",
      permission: "play",
      run: async (ctx, args) => {
        if (!args) refuse("Drop what?");
        const { stored } = await deps.world.change((state) => {
          const here = whereIs(state, ctx.character);
          const thing = pick(objectsIn(state, { holder: ctx.character.id }), args, "in your inventory");
          const events = [
            worldEvent(deps, ctx, { type: "object_moved", payload: { id: thing.id, location: here } }),
            deps.event(ctx, room(here), "drop", { name: ctx.character.name, object: clipName(thing.name) }),
            ...attributeMessage(
              deps,
              ctx,
              state,
              { kind: "object", id: thing.id },
              "DROP",
              own(ctx.character.id),
            ),
            ...attributeMessage(deps, ctx, state, { kind: "object", id: thing.id }, "ODROP", room(here)),
          ];
          return { events, value: undefined };
        });
        return appended(stored);
      },
    },
    {
      name: "give",
      help: "give <object> = <character> - hand an object you hold to someone here.",
      permission: "play",
      run: async (ctx, args) => {
        const [what, whom] = splitEquals(args);
        if (!what || !whom) refuse("Give what to whom? give <object> = <character>");
        const { stored } = await deps.world.change(async (state) => {
          const here = whereIs(state, ctx.character);
          const thing = pick(objectsIn(state, { holder: ctx.character.id }), what, "in your inventory");
          const others = (await presentIn(deps, state, here)).filter((c) => c.id !== ctx.character.id);
          const to = pick(others, whom);
          const payload = {
            name: ctx.character.name,
            object: clipName(thing.name),
            to: to.name,
            toId: to.id,
          };
          const events = [
            worldEvent(deps, ctx, { type: "object_moved", payload: { id: thing.id, holder: to.id } }),
            deps.event(ctx, room(here), "give", payload),
          ];
          return { events, value: undefined };
        });
        return appended(stored);
      },
    },
    {
      name: "inventory",
      aliases: ["i", "inv"],
      help: "inventory (or i) - list what you are holding.",
      permission: "play",
      run: async (ctx) => {
        await deps.world.sync();
        const held = objectsIn(deps.world.state(), { holder: ctx.character.id }).map((o) => clipName(o.name));
        held.sort((a, b) => a.localeCompare(b));
        return appended(
          [],
          held.length === 0
            ? [markup`You are carrying nothing.`]
            : [markup`You are carrying:`, ...held.map((n) => markup`  ${n}`)],
        );
      },
    },
  ];
}
