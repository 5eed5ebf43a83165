import type { Character } from "#core/accounts/account-store.ts";
import { SYSTEM_ACTOR } from "#core/comms/comm-event.ts";
import type { Engine } from "#core/engine/engine.ts";
import { charStream } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { Motd } from "./motd.ts";

/** What a character is shown on entering the game: the message of the day, then the room. */
export type Arrive = (character: Character) => Promise<void>;

/** What arriving needs. */
export interface ArrivalDeps {
  readonly engine: () => Engine;
  readonly motd: Motd;
  readonly append: AppendEvents;
  readonly clock: Clock;
  readonly newId: NewId;
}

/**
 * Creates the arrival of a new session: the motd as a system event and a `look`, both on the character's own
 * stream, so only the arriving character sees them (a resume or a second connection replays instead).
 */
export function createArrival(deps: ArrivalDeps): Arrive {
  return async (character) => {
    const motd = await deps.motd.current();
    if (motd !== undefined)
      await deps.append([
        {
          id: deps.newId(),
          stream: charStream(character.id),
          type: "system",
          timestamp: deps.clock.now(),
          actor: SYSTEM_ACTOR,
          payload: { text: motd },
        },
      ]);
    await deps.engine().execute({ character, role: "player", newId: deps.newId }, "look");
  };
}
