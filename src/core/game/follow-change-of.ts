import { channelEventTypes } from "#core/channels/channel-events.ts";
import { locationStream, type StoredEvent, WORLD_STREAM } from "#core/events/event.ts";
import type { FollowChangeOf } from "#core/sessions/session-following.ts";
import type { WorldEventPayloads } from "#core/world/world-events.ts";

/**
 * The change of followed streams an event causes for one character, read off the event itself: a move leaves
 * the old room and joins the new one, a channel join or leave joins or leaves the channel. The feed applies it
 * while dispatching, before any later event, so a player's output crosses a move or a join in position order.
 * (A channel's destruction ends it for every member through the slower path: its payload names no member.)
 */
export const followChangeOf: FollowChangeOf = (event: StoredEvent) => {
  if (event.stream === WORLD_STREAM && event.type === "character_moved") {
    const p = event.payload as WorldEventPayloads["character_moved"];
    return {
      characterId: p.id,
      change: { add: [locationStream(p.to)], remove: [locationStream(p.from)] },
    };
  }
  if (event.type !== channelEventTypes.join && event.type !== channelEventTypes.leave) return undefined;
  const characterId = (event.payload as { characterId?: unknown }).characterId;
  if (typeof characterId !== "string") return undefined;
  const streams = [event.stream];
  return {
    characterId,
    change: event.type === channelEventTypes.join ? { add: streams } : { remove: streams },
  };
};
