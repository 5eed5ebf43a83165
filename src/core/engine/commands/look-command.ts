import { type LockTarget, lockOf } from "#core/policy/lock-policy.ts";
import { clipDescription, clipName } from "#core/world/world-text-rules.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import { type Command, type CommandContext, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { attributeMessage, formatFor } from "./attribute-text.ts";
import { lookPayload } from "./look-payload.ts";
import { exitsIn, objectsIn, own, pick, presentIn, room, whereIs } from "./world-kit.ts";

/** The lock on an exit or object, for whom may change it (its owner, admins); nothing for anyone else. */
async function lockShown(deps: CommandDeps, ctx: CommandContext, target: LockTarget) {
  const lock = lockOf(deps.permissions.library, target);
  if (!lock) return {};
  const who = { id: ctx.character.id, role: ctx.role, createdAt: ctx.character.createdAt };
  if (!(await deps.permissions.explain(who, "lock", target)).allowed) return {};
  return lock.fail ? { lock: lock.expression, lockFail: lock.fail } : { lock: lock.expression };
}

/** What a character refused `look` reads. */
export const LOOK_DENIED = "You may not look at that.";

/**
 * look [target]: the location (name, description, exits, who is here), or a character, exit or object. Each asks
 * `look` on what is looked at (the room, or the target) before anything is shown.
 */
export function lookCommand(deps: CommandDeps): Command {
  return {
    name: "look",
    aliases: ["l"],
    help: "look [<character|exit|object>] (or l) - describe where you are and who is here, or one thing.",
    permission: "play",
    run: async (ctx, args) => {
      await deps.world.sync();
      const state = deps.world.state();
      const here = whereIs(state, ctx.character);
      const present = await presentIn(deps, state, here);
      // The looked-at thing's ADESC, if any, goes to the others in the room with the look.
      const look = <T extends "look" | "look_at">(
        type: T,
        payload: EventPayloads[T],
        thing: { kind: "location" | "exit" | "object" | "character"; id: string },
      ) =>
        deps.append([
          deps.event(ctx, own(ctx.character.id), type, payload),
          ...attributeMessage(deps, ctx, state, thing, "ADESC", room(here)),
        ]);
      const format = (text: string) => formatFor(state, ctx, text);
      const target = args.toLowerCase();
      if (!args || target === "here") {
        await deps.permissions.require(ctx, "look", { kind: "location", id: here }, LOOK_DENIED);
        const payload = lookPayload(
          state,
          here,
          present.map((c) => c.name),
          format,
        );
        return reply([], await look("look", payload, { kind: "location", id: here }));
      }
      const self = { id: ctx.character.id, name: ctx.character.name, kind: "character" as const };
      const things = [
        ...present.map((c) => ({ id: c.id, name: c.name, kind: "character" as const })),
        self,
        ...exitsIn(state, here).map((x) => ({ ...x, kind: "exit" as const })),
        ...objectsIn(state, { location: here }).map((o) => ({ ...o, kind: "object" as const })),
        ...objectsIn(state, { holder: ctx.character.id }).map((o) => ({ ...o, kind: "object" as const })),
      ];
      const thing = target === "me" ? self : pick(things, args);
      await deps.permissions.require(ctx, "look", { kind: thing.kind, id: thing.id }, LOOK_DENIED);
      const description =
        thing.kind === "character"
          ? state.characters.get(thing.id)?.description
          : thing.kind === "exit"
            ? state.exits.get(thing.id)?.description
            : state.objects.get(thing.id)?.description;
      const to = thing.kind === "exit" ? state.exits.get(thing.id)?.to : undefined;
      const leadsTo =
        to === undefined ? {} : { leadsTo: clipName(state.locations.get(to)?.name ?? "nowhere") };
      // Clipped, as in a look: a stored name or description may predate the caps.
      const payload = {
        kind: thing.kind,
        name: clipName(thing.name),
        description: clipDescription(format(description || "")),
        ...leadsTo,
        ...(thing.kind === "character" ? {} : await lockShown(deps, ctx, { kind: thing.kind, id: thing.id })),
      };
      return reply([], await look("look_at", payload, thing));
    },
  };
}
