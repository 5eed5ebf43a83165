import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import { type LockTarget, lockOf, lockPolicyId } from "#core/policy/lock-policy.ts";
import { POLICY_STREAM, type PolicyEventOf } from "#core/policy/policy-library.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command, CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { findLocation } from "./build-commands.ts";
import { moveEvents } from "./move-character.ts";
import {
  appended,
  exitsIn,
  homeOf,
  notYours,
  objectsIn,
  pick,
  presentIn,
  refuse,
  splitEquals,
  whereIs,
  worldEvent,
} from "./world-kit.ts";

/** destroy (with /confirm) and teleport. */
export function adminCommands(deps: CommandDeps): Command[] {
  const start = () => deps.world.startLocationId;

  /** Empties a location before it goes: characters go home (or to the start), objects too. */
  async function evacuate(ctx: CommandContext, state: WorldState, id: string): Promise<NewEvent[]> {
    const inside = new Map<string, { id: string; name: string; locationId: string }>();
    for (const c of state.characters.values())
      if (c.location === id) inside.set(c.id, { id: c.id, name: c.name ?? "Someone", locationId: id });
    for (const c of await presentIn(deps, state, id)) inside.set(c.id, c);
    const events: NewEvent[] = [];
    for (const who of inside.values()) {
      const home = homeOf(state, who.id, start());
      events.push(...(await moveEvents(deps, ctx, state, who, home === id ? start() : home)));
    }
    for (const o of objectsIn(state, { location: id })) {
      const home = o.home && o.home !== id && state.locations.has(o.home) ? o.home : start();
      events.push(worldEvent(deps, ctx, { type: "object_moved", payload: { id: o.id, location: home } }));
    }
    return events;
  }

  async function destroyPlan(ctx: CommandContext, state: WorldState, typed: string, confirmed: boolean) {
    const here = whereIs(state, ctx.character);
    const things = [
      ...exitsIn(state, here).map((x) => ({ ...x, kind: "exit" as const })),
      ...objectsIn(state, { location: here }).map((o) => ({ ...o, kind: "object" as const })),
      ...objectsIn(state, { holder: ctx.character.id }).map((o) => ({ ...o, kind: "object" as const })),
    ];
    const thing =
      typed.toLowerCase() === "here"
        ? { id: here, name: state.locations.get(here)?.name ?? here, kind: "location" as const }
        : pick(things, typed);
    if (thing.kind === "location" && here === start()) refuse("The starting location cannot be destroyed.");
    await deps.permissions.require(ctx, "destroy", thing, notYours("destroy", thing.name));
    if (!confirmed) {
      return {
        events: [],
        value: markup`Really destroy ${clipName(thing.name)}? Type 'destroy/confirm ${typed}' to do it.`,
      };
    }
    const events = thing.kind === "location" ? await evacuate(ctx, state, thing.id) : [];
    const type = `${thing.kind}_destroyed` as "exit_destroyed" | "object_destroyed" | "location_destroyed";
    events.push(worldEvent(deps, ctx, { type, payload: { id: thing.id } }));
    const gone = thing.kind === "location" ? undefined : { kind: thing.kind, id: thing.id };
    return { events, value: markup`Destroyed ${clipName(thing.name)}.`, gone };
  }

  /** Removes the lock of an exit or object just destroyed, so no policy names what is gone. */
  async function dropLock(ctx: CommandContext, gone: LockTarget | undefined): Promise<StoredEvent[]> {
    const { library } = deps.permissions;
    if (!gone || !lockOf(library, gone)) return [];
    const write: PolicyEventOf = (type, payload) => deps.event(ctx, POLICY_STREAM, type, payload);
    return library.remove(lockPolicyId(gone), write, deps.permissions.keepsAnAdmin(ctx));
  }

  return [
    {
      name: "destroy",
      aliases: ["@destroy", "nuke"],
      help: "destroy <target> - ask to destroy an exit, an object or 'here'; destroy/confirm <target> does it.",
      permission: "play",
      onTarget: "destroy",
      run: async (ctx, args, { switches }) => {
        if (!args) refuse("Destroy what?");
        const confirmed = switches.includes("confirm");
        let gone: LockTarget | undefined;
        const { stored, value } = await deps.world.change(async (state) => {
          const plan = await destroyPlan(ctx, state, args, confirmed);
          gone = "gone" in plan ? plan.gone : undefined;
          return plan;
        });
        return appended([...stored, ...(await dropLock(ctx, gone))], [value]);
      },
    },
    {
      name: "teleport",
      aliases: ["tel", "@tel", "@teleport"],
      help: "teleport <character> = <location> - move a character anywhere (admins only).",
      permission: "teleport",
      // Teleporting oneself is travel; moving someone else is a staff action.
      audit: (args) => (/^\s*me\s*=/i.test(args) ? undefined : args),
      run: async (ctx, args) => {
        const [whom, where] = splitEquals(args);
        if (!whom || !where) refuse("Teleport whom where? teleport <character> = <location>");
        const who =
          whom.toLowerCase() === "me"
            ? ctx.character
            : ((await deps.findCharacter(whom)) ?? refuse(`There is no character called '${whom}'.`));
        const { stored, value } = await deps.world.change(async (state) => {
          const to = findLocation(state, where, whereIs(state, ctx.character));
          if (whereIs(state, who) === to) refuse(`${who.name} is already there.`);
          const name = clipName(state.locations.get(to)?.name ?? to);
          return {
            events: await moveEvents(deps, ctx, state, who, to),
            value: markup`Teleported ${who.name} to ${name}.`,
          };
        });
        return appended(stored, [value]);
      },
    },
  ];
}
