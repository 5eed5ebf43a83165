import type { NewEvent } from "#core/events/event.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { checkExitNames, checkThingName, clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command, CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import {
  appended,
  exitsIn,
  nameAndAliases,
  notYours,
  pick,
  refuse,
  splitEquals,
  whereIs,
  worldEvent,
} from "./world-kit.ts";

/** The location `typed` names: "here", an id, or a name anywhere. */
export function findLocation(state: WorldState, typed: string, here: string): string {
  if (typed.toLowerCase() === "here") return here;
  if (state.locations.has(typed)) return typed;
  return pick([...state.locations.values()], typed, "anywhere").id;
}

/** Refuses an exit spec whose name or aliases are empty or already used by an exit of `location`. */
function checkExitName(state: WorldState, location: string, spec: { name: string; aliases: string[] }) {
  if (!spec.name) refuse("An exit needs a name.");
  checkExitNames(spec.name, spec.aliases);
  const taken = new Set(
    exitsIn(state, location).flatMap((x) => [x.name, ...x.aliases].map((w) => w.toLowerCase())),
  );
  const words = [spec.name, ...spec.aliases].map((w) => w.toLowerCase());
  const clash = words.find((w, i) => taken.has(w) || words.indexOf(w) !== i);
  if (clash) refuse(`There is already an exit called '${clash}' there.`);
}

/** dig, open, link and unlink: builders make locations and exits. */
export function buildCommands(deps: CommandDeps): Command[] {
  const opening = (
    ctx: CommandContext,
    state: WorldState,
    from: string,
    text: string,
    to?: string,
  ): NewEvent => {
    const spec = nameAndAliases(text);
    checkExitName(state, from, spec);
    const payload = {
      id: ctx.newId(),
      location: from,
      ...spec,
      ...(to === undefined ? {} : { to }),
      owner: ctx.character.id,
    };
    return worldEvent(deps, ctx, { type: "exit_opened", payload });
  };
  /** Opening an exit from a room changes the room: its owner's (or an admin's) to do. */
  const mayOpenFrom = (ctx: CommandContext, state: WorldState, here: string) =>
    deps.permissions.require(
      ctx,
      "modify",
      { kind: "location", id: here },
      `You may not open exits from ${clipName(state.locations.get(here)?.name ?? "here")}.`,
    );
  return [
    {
      name: "dig",
      aliases: ["@dig"],
      help: "dig <name> [= <exit>[;aliases], <return exit>[;aliases]] - make a location, with exits to and from it.",
      permission: "build",
      run: async (ctx, args) => {
        const [name, exitSpecs] = splitEquals(args);
        if (!name) refuse("Dig what? dig <name> [= <exit>, <return exit>]");
        checkThingName(name);
        const [out = "", back = ""] = exitSpecs.split(",").map((s) => s.trim());
        const { stored, value } = await deps.world.change(async (state) => {
          const here = whereIs(state, ctx.character);
          if (out) await mayOpenFrom(ctx, state, here);
          const id = ctx.newId();
          const events = [
            worldEvent(deps, ctx, {
              type: "location_created",
              payload: { id, name, description: "", owner: ctx.character.id },
            }),
          ];
          if (out) events.push(opening(ctx, state, here, out, id));
          if (back) events.push(opening(ctx, state, id, back, here));
          return { events, value: id };
        });
        const lines = [markup`Dug ${name} (${value}).`];
        if (out) lines.push(markup`Opened ${nameAndAliases(out).name} to it.`);
        if (back) lines.push(markup`Opened ${nameAndAliases(back).name} back here.`);
        return appended(stored, lines);
      },
    },
    {
      name: "open",
      aliases: ["@open"],
      help: "open <exit>[;aliases] [= <destination>] - make an exit here, linked to a location.",
      permission: "build",
      run: async (ctx, args) => {
        const [spec, destination] = splitEquals(args);
        const { stored, value } = await deps.world.change(async (state) => {
          const here = whereIs(state, ctx.character);
          await mayOpenFrom(ctx, state, here);
          const to = destination ? findLocation(state, destination, here) : undefined;
          if (to === here) refuse("An exit cannot lead back into the room it leaves.");
          const name = to === undefined ? "nowhere" : clipName(state.locations.get(to)?.name ?? to);
          return { events: [opening(ctx, state, here, spec, to)], value: name };
        });
        return appended(stored, [markup`Opened ${nameAndAliases(spec).name} to ${value}.`]);
      },
    },
    {
      name: "link",
      aliases: ["@link"],
      help: "link <exit> = <destination> - point an exit at a location; 'link me = here' sets your home.",
      permission: "play",
      onTarget: "link",
      run: async (ctx, args) => {
        const [what, destination, hasEquals] = splitEquals(args);
        if (!what || !hasEquals || !destination) refuse("Link what to where? link <exit> = <destination>");
        const { stored, value } = await deps.world.change(async (state) => {
          const here = whereIs(state, ctx.character);
          const to = findLocation(state, destination, here);
          const toName = clipName(state.locations.get(to)?.name ?? to);
          if (what.toLowerCase() === "me") {
            const line = "Only builders and admins may build.";
            await deps.permissions.require(ctx, "build", { kind: "game" }, line);
            const payload = { kind: "character" as const, id: ctx.character.id, home: to };
            return {
              events: [worldEvent(deps, ctx, { type: "home_set", payload })],
              value: markup`Home set to ${toName}.`,
            };
          }
          const exit = pick(exitsIn(state, here), what);
          await deps.permissions.require(
            ctx,
            "link",
            { kind: "exit", id: exit.id },
            notYours("link", exit.name),
          );
          if (to === exit.location) refuse("An exit cannot lead back into the room it leaves.");
          const event = worldEvent(deps, ctx, { type: "exit_linked", payload: { id: exit.id, to } });
          return { events: [event], value: markup`Linked ${clipName(exit.name)} to ${toName}.` };
        });
        return appended(stored, [value]);
      },
    },
    {
      name: "unlink",
      aliases: ["@unlink"],
      help: "unlink <exit> - make an exit here lead nowhere.",
      permission: "play",
      onTarget: "link",
      run: async (ctx, args) => {
        if (!args) refuse("Unlink what?");
        const { stored, value } = await deps.world.change(async (state) => {
          const exit = pick(exitsIn(state, whereIs(state, ctx.character)), args);
          const line = notYours("unlink", exit.name);
          await deps.permissions.require(ctx, "link", { kind: "exit", id: exit.id }, line);
          if (exit.to === undefined) refuse(`${clipName(exit.name)} is not linked.`);
          return {
            events: [worldEvent(deps, ctx, { type: "exit_unlinked", payload: { id: exit.id } })],
            value: clipName(exit.name),
          };
        });
        return appended(stored, [markup`Unlinked ${value}.`]);
      },
    },
  ];
}
