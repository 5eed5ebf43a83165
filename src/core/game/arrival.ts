import type { Character } from "#core/accounts/account-store.ts";
import { SYSTEM_ACTOR } from "#core/comms/comm-event.ts";
import type { Engine } from "#core/engine/engine.ts";
import { charStream } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { Motd } from "./motd.ts";

/**
 * What a character is shown on logging in: in a new session the message of the day, then the room; in a new or
 * a waiting (`resumed`) session, the count of unread mail and where they left off in their running scene.
 */
export type Arrive = (character: Character, resumed: boolean) => Promise<void>;

/** What arriving needs. */
export interface ArrivalDeps {
  readonly engine: () => Engine;
  readonly motd: Motd;
  /** Unread messages in a character's mailbox. */
  readonly unreadMail: (characterId: string) => number;
  /** Where a character left off in the running scene they take part in, as a line; undefined when in none. */
  readonly sceneReturn: (characterId: string) => Promise<string | undefined>;
  readonly append: AppendEvents;
  readonly clock: Clock;
  readonly newId: NewId;
}

/**
 * Creates the arrival at login: for a new session the motd as a system event and a `look` (a login to a waiting
 * session replays instead), then the count of unread mail when there is any, all on the character's own
 * stream, so only the arriving character sees them.
 */
export function createArrival(deps: ArrivalDeps): Arrive {
  const system = (character: Character, text: string) =>
    deps.append([
      {
        id: deps.newId(),
        stream: charStream(character.id),
        type: "system",
        timestamp: deps.clock.now(),
        actor: SYSTEM_ACTOR,
        payload: { text },
      },
    ]);
  return async (character, resumed) => {
    if (!resumed) {
      const motd = await deps.motd.current();
      if (motd !== undefined) await system(character, motd);
      await deps.engine().execute({ character, role: "player", newId: deps.newId }, "look");
    }
    const unread = deps.unreadMail(character.id);
    if (unread > 0)
      await system(
        character,
        markup`You have ${unread} unread message${unread === 1 ? "" : "s"}. Type 'mail' to read them.`,
      );
    const scene = await deps.sceneReturn(character.id);
    if (scene !== undefined) await system(character, scene);
  };
}
