import { charStream } from "#core/events/event.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/** look: the character's location and who is present, on the character's own stream. */
export function lookCommand(deps: CommandDeps): Command {
  return {
    name: "look",
    aliases: ["l"],
    help: "look (or l) - describe where you are and who is here.",
    permission: "play",
    async run(ctx) {
      const location = await deps.world.getLocation(ctx.character.locationId);
      const present = (await deps.presence())
        .filter((c) => c.locationId === ctx.character.locationId)
        .map((c) => c.name)
        .sort((a, b) => a.localeCompare(b));
      const payload = {
        location: location?.name ?? "Nowhere",
        description: location?.description ?? "You are nowhere at all.",
        present,
      };
      return reply([], await deps.append([deps.event(ctx, charStream(ctx.character.id), "look", payload)]));
    },
  };
}
