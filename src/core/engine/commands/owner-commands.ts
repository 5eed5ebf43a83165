import type { PolicyResource } from "#core/policy/policy-entities.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { appended, notYours, refuse, splitEquals, thingHere, worldEvent } from "./world-kit.ts";

/** A flag: a short lower-case word policies can test (`principal.flags.contains("member")`). */
const FLAG = /^[a-z][a-z0-9_-]{0,31}$/;

/** chown and flag: who owns a thing, and the flags policies read. */
export function ownerCommands(deps: CommandDeps): Command[] {
  return [
    {
      name: "chown",
      aliases: ["@chown"],
      help: "chown <here|exit|object> = <character> - give a thing to another owner (admins, or as policies allow).",
      permission: "play",
      onTarget: "chown",
      audit: (args) => args,
      run: async (ctx, args) => {
        const [what, whom, hasEquals] = splitEquals(args);
        if (!what || !hasEquals || !whom) refuse("Chown what to whom? chown <thing> = <character>");
        const owner = (await deps.findCharacter(whom)) ?? refuse(`There is no character called '${whom}'.`);
        const { stored, value } = await deps.world.change(async (state) => {
          const thing = thingHere(state, ctx, what);
          await deps.permissions.require(ctx, "chown", thing, notYours("give away", thing.name));
          const payload = { kind: thing.kind, id: thing.id, owner: owner.id };
          return {
            events: [worldEvent(deps, ctx, { type: "owner_changed", payload })],
            value: markup`${clipName(thing.name)} now belongs to ${owner.name}.`,
          };
        });
        return appended(stored, [value]);
      },
    },
    {
      name: "flag",
      aliases: ["@flag"],
      help: "flag <character|here|exit|object> = [!]<flag> - set (or with ! clear) a flag policies can read (admins).",
      permission: "play",
      onTarget: "flag",
      audit: (args) => args,
      run: async (ctx, args) => {
        const [what, typed, hasEquals] = splitEquals(args);
        const clear = typed.startsWith("!");
        const flag = (clear ? typed.slice(1) : typed).trim().toLowerCase();
        if (!what || !hasEquals || !FLAG.test(flag))
          refuse(
            "Usage: flag <target> = [!]<flag>, a flag being a lower-case word of at most 32 characters.",
          );
        const character = await deps.findCharacter(what);
        const { stored, value } = await deps.world.change(async (state) => {
          const target: PolicyResource & { id: string; name: string } = character
            ? { kind: "character", id: character.id, name: character.name }
            : thingHere(state, ctx, what);
          await deps.permissions.require(ctx, "flag", target, notYours("flag", target.name));
          const payload = { kind: target.kind, id: target.id, flag };
          const type = clear ? ("flag_cleared" as const) : ("flag_set" as const);
          const name = clipName(target.name);
          return {
            events: [worldEvent(deps, ctx, { type, payload })],
            value: clear ? markup`${name} is no longer ${flag}.` : markup`${name} is now ${flag}.`,
          };
        });
        return appended(stored, [value]);
      },
    },
  ];
}
