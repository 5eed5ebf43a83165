import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { Permissions } from "#core/policy/permissions.ts";
import type { CharacterActivity } from "#core/sessions/character-activity.ts";
import type { WorldService } from "#core/world/world-service.ts";
import type { EventPayloads, EventType } from "#shared/events/event-schema.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { CommandContext } from "./command.ts";

/** A character in the game now, for `who` and `look`. */
export interface PresentCharacter {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
}

/** What command handlers are built with. */
export interface CommandDeps {
  readonly append: AppendEvents;
  readonly world: WorldService;
  /** The characters with a live session now. */
  readonly presence: () => Promise<readonly PresentCharacter[]>;
  /** Any character by name (any case), connected or not. */
  readonly findCharacter: (name: string) => Promise<PresentCharacter | undefined>;
  /** Any character by id, connected or not (for names the world has not seen yet). */
  readonly characterById: (id: string) => Promise<PresentCharacter | undefined>;
  readonly clock: Clock;
  /** Every permission check, through the one policy engine. */
  readonly permissions: Permissions;
  /** Idle and on-for times, doing texts, logins: the in-memory activity index. */
  readonly activity: CharacterActivity;
  /**
   * Writes a say, pose or emit where the speaker's audience is: the room, or the private scene they take part
   * in there. `build` makes the event for the stream chosen. `guard` (the `speak` decision) runs after the
   * audience is chosen and before anything is written: a line typed into a private scene stays that scene's
   * even when the decision takes a while. It throws to refuse.
   */
  readonly roomSpeech: (
    ctx: CommandContext,
    build: (stream: string) => NewEvent,
    guard: () => Promise<void>,
  ) => Promise<StoredEvent[]>;
  /** An event by the acting character, with the command's next id and the clock's time; typed by the schema. */
  event<T extends EventType>(
    ctx: CommandContext,
    stream: string,
    type: T,
    payload: EventPayloads[T],
  ): NewEvent;
}

/** Builds CommandDeps.event from a clock. */
export function characterEvent(clock: Clock): CommandDeps["event"] {
  return (ctx, stream, type, payload) => ({
    id: ctx.newId(),
    stream,
    type,
    timestamp: clock.now(),
    actor: { kind: "character", id: ctx.character.id },
    payload,
  });
}
