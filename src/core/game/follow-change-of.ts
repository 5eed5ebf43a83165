import { channelEventTypes } from "#core/channels/channel-events.ts";
import { channelKey } from "#core/channels/channel-rules.ts";
import { channelStream, locationStream, type StoredEvent, WORLD_STREAM } from "#core/events/event.ts";
import { sceneIdOf } from "#core/scenes/scene.ts";
import type { FollowChangeOf } from "#core/sessions/session-following.ts";
import type { WorldEventPayloads } from "#core/world/world-events.ts";

/**
 * The change of followed streams an event causes for one character, read off the event itself: a move leaves
 * the old room and joins the new one, a channel join or leave joins or leaves the channel (a kick or a ban
 * leaves it for the one kicked or banned; a gag, on the gagger's own stream, leaves it and an ungag joins it
 * again). The feed applies it
 * while dispatching, before any later event, so a player's output crosses a move or a join in position order.
 * A scene's start or join follows its stream, a leave stops it. (A channel's destruction, or a scene's stop, ends
 * it for every member through the slower path: its payload names no member.)
 */
export const followChangeOf: FollowChangeOf = (event: StoredEvent) => {
  if (event.stream === WORLD_STREAM && event.type === "character_moved") {
    const p = event.payload as WorldEventPayloads["character_moved"];
    return {
      characterId: p.id,
      change: { add: [locationStream(p.to)], remove: [locationStream(p.from)] },
    };
  }
  const scene = sceneFollowChangeOf(event);
  if (scene) return scene;
  const kind = Object.hasOwn(channelFollowing, event.type) ? channelFollowing[event.type] : undefined;
  const { characterId, channel } = event.payload as { characterId?: unknown; channel?: unknown };
  if (!kind || typeof characterId !== "string") return undefined;
  const gagging = event.type === channelEventTypes.gag || event.type === channelEventTypes.ungag;
  if (!gagging) return { characterId, change: { [kind]: [event.stream] } };
  return typeof channel === "string"
    ? { characterId, change: { [kind]: [channelStream(channelKey(channel))] } }
    : undefined;
};

const channelFollowing: Readonly<Record<string, "add" | "remove">> = {
  [channelEventTypes.join]: "add",
  [channelEventTypes.leave]: "remove",
  [channelEventTypes.kick]: "remove",
  [channelEventTypes.ban]: "remove",
  [channelEventTypes.gag]: "remove",
  [channelEventTypes.ungag]: "add",
};

const sceneFollowing: Readonly<Record<string, "add" | "remove">> = {
  "scene.start": "add",
  "scene.join": "add",
  "scene.leave": "remove",
};

function sceneFollowChangeOf(event: StoredEvent) {
  const kind = Object.hasOwn(sceneFollowing, event.type) ? sceneFollowing[event.type] : undefined;
  const characterId = (event.payload as { characterId?: unknown }).characterId;
  if (!kind || sceneIdOf(event.stream) === undefined || typeof characterId !== "string") return undefined;
  return { characterId, change: { [kind]: [event.stream] } };
}
