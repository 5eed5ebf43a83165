import type { NewEvent } from "#core/events/event.ts";
import type { WorldState } from "#core/world/world-state.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { substitute } from "#shared/markup/format-text.ts";
import type { CommandContext } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { substitutionsFor } from "./attribute-text.ts";
import { lookPayload } from "./look-payload.ts";
import { own, presentIn, room, whereIs, worldEvent } from "./world-kit.ts";

/** Who moves. */
export interface Mover {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
}

/**
 * The events of a move, in order: `leave` on the old location, `character_moved` on `world` (where the
 * session's streams switch), `arrive` on the new location, then a `look` for the mover.
 */
export async function moveEvents(
  deps: CommandDeps,
  ctx: CommandContext,
  state: WorldState,
  who: Mover,
  to: string,
): Promise<NewEvent[]> {
  const from = whereIs(state, who);
  const name = (id: string) => clipName(state.locations.get(id)?.name ?? "somewhere");
  const present = (await presentIn(deps, state, to)).map((c) => c.name);
  const format = (text: string) => substitute(text, substitutionsFor(state, who));
  return [
    deps.event(ctx, room(from), "leave", { id: who.id, name: who.name, to: name(to) }),
    worldEvent(deps, ctx, { type: "character_moved", payload: { id: who.id, name: who.name, from, to } }),
    deps.event(ctx, room(to), "arrive", { id: who.id, name: who.name, from: name(from) }),
    deps.event(ctx, own(who.id), "look", { ...lookPayload(state, to, [...present, who.name], format) }),
  ];
}
