import type { Scene } from "#core/scenes/scene.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { whereIs } from "./world-kit.ts";

/** The flag that keeps a character, or everyone in a room, out of `where`. */
export const UNFINDABLE = "unfindable";

/**
 * `where`: the rooms with characters connected in them, and the open scene running in each. A character or room
 * flagged `unfindable`, and a room flagged `private`, are left out; so is a private scene.
 */
export function whereCommand(
  deps: CommandDeps,
  liveSceneIn: (locationId: string) => Scene | undefined,
): Command {
  return {
    name: "where",
    help: "where - the rooms where characters are awake, and the open scenes running there.",
    permission: "play",
    async run() {
      const state = deps.world.state();
      const rooms = new Map<string, string[]>();
      let hidden = 0;
      for (const c of await deps.presence()) {
        const roomId = whereIs(state, c);
        const room = state.locations.get(roomId);
        const flags = [...(room?.flags ?? []), ...(state.characters.get(c.id)?.flags ?? [])];
        if (!room || flags.includes(UNFINDABLE) || room.flags.includes("private")) {
          hidden += 1;
          continue;
        }
        const names = rooms.get(roomId) ?? [];
        if (!names.includes(c.name)) names.push(c.name);
        rooms.set(roomId, names);
      }
      const lines = [...rooms.entries()]
        .map(([id, names]) => ({ id, name: clipName(state.locations.get(id)?.name ?? id), names }))
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap(({ id, name, names }) => {
          const scene = liveSceneIn(id);
          const list = names
            .map(clipName)
            .sort((a, b) => a.localeCompare(b))
            .join(", ");
          const open = scene && !scene.private ? [markup`  Scene ${scene.id}: ${clipName(scene.title)}`] : [];
          return [markup`${name}: ${list}`, ...open];
        });
      if (lines.length === 0) lines.push(markup`Nobody can be found awake.`);
      if (hidden > 0)
        lines.push(
          markup`(${hidden === 1 ? "1 character is" : `${hidden} characters are`} somewhere unlisted.)`,
        );
      return reply(lines);
    },
  };
}
