import type { ThingKind } from "#core/world/world-events.ts";
import type { Attributes, WorldState } from "#core/world/world-state.ts";
import type { CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { exitsIn, objectsIn, pick, presentIn, whereIs } from "./world-kit.ts";

/** A character or thing a command names, by kind and id. */
export interface WorldThing {
  readonly kind: ThingKind;
  readonly id: string;
  readonly name: string;
}

/** The thing of the world with this id (any kind), or undefined. */
function byId(state: WorldState, id: string): WorldThing | undefined {
  const location = state.locations.get(id);
  if (location) return { kind: "location", id, name: location.name };
  const exit = state.exits.get(id);
  if (exit) return { kind: "exit", id, name: exit.name };
  const object = state.objects.get(id);
  if (object) return { kind: "object", id, name: object.name };
  const character = state.characters.get(id);
  return character?.name === undefined ? undefined : { kind: "character", id, name: character.name };
}

/**
 * What `typed` names as `look` resolves it: `me`, `here`, a character present, an exit here, an object here or
 * held; or `#<id>` (any thing of the world by its id). Refuses as `pick` does when nothing or several match.
 */
export async function thingNamed(
  deps: CommandDeps,
  state: WorldState,
  ctx: CommandContext,
  typed: string,
): Promise<WorldThing> {
  const wanted = typed.trim();
  const self: WorldThing = { kind: "character", id: ctx.character.id, name: ctx.character.name };
  const here = whereIs(state, ctx.character);
  if (wanted.toLowerCase() === "me") return self;
  if (wanted.toLowerCase() === "here")
    return { kind: "location", id: here, name: state.locations.get(here)?.name ?? here };
  if (wanted.startsWith("#")) {
    const found = wanted.slice(1) === self.id ? self : byId(state, wanted.slice(1));
    if (found) return found;
  }
  const present = (await presentIn(deps, state, here)).filter((c) => c.id !== self.id);
  return pick<WorldThing>(
    [
      ...present.map((c) => ({ kind: "character" as const, id: c.id, name: c.name })),
      self,
      ...exitsIn(state, here).map((x) => ({
        kind: "exit" as const,
        id: x.id,
        name: x.name,
        aliases: x.aliases,
      })),
      ...objectsIn(state, { location: here }).map((o) => ({
        kind: "object" as const,
        id: o.id,
        name: o.name,
      })),
      ...objectsIn(state, { holder: ctx.character.id }).map((o) => ({
        kind: "object" as const,
        id: o.id,
        name: o.name,
      })),
    ],
    wanted,
  );
}

/** The attributes of a thing or character (none for one the world does not know). */
export function attributesOf(state: WorldState, thing: Pick<WorldThing, "kind" | "id">): Attributes {
  const found =
    thing.kind === "location"
      ? state.locations.get(thing.id)
      : thing.kind === "exit"
        ? state.exits.get(thing.id)
        : thing.kind === "object"
          ? state.objects.get(thing.id)
          : state.characters.get(thing.id);
  return found?.attributes ?? {};
}
