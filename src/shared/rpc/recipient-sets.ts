// The recipients of a feed's events, sent as a change to the set last named for the same stream. In a room of
// N connections every event would otherwise name all N, so a burst of N logins there cost N² ids on the wire
// and as many strings decoded at the gateway.
import { HoloError } from "#shared/errors/holo-error.ts";

/** How a feed event names its recipients (the FeedEvent fields `connection_ids`, `delta`, `removed_ids`, `remember`). */
export interface RecipientsWire {
  readonly connectionIds: readonly string[];
  readonly delta: boolean;
  readonly removedIds: readonly string[];
  readonly remember: boolean;
}

/** Sets of this many recipients or more are remembered per stream, so later events may send only a change. */
export const rememberFrom = 8;

/** The sending end: one per feed stream, fed every event in the order it is sent. */
export interface RecipientEncoder {
  encode(stream: string, ids: readonly string[]): RecipientsWire;
  /** How many streams' sets it holds. */
  readonly remembered: number;
}

/** The receiving end: one per feed stream, fed every event in the order it arrives. */
export interface RecipientDecoder {
  decode(stream: string, wire: RecipientsWire): ReadonlySet<string>;
  readonly remembered: number;
}

/**
 * Creates the sending end. Invariant: both ends see the same events in the same order, so the set a delta
 * applies to is the one the decoder holds; a set below `rememberFrom` is sent whole and forgotten at both ends.
 * Known limitation: a stream's last set stays held (up to its size) until its next event or the feed's end.
 */
export function createRecipientEncoder(): RecipientEncoder {
  const last = new Map<string, Set<string>>();
  return {
    encode(stream, ids) {
      const previous = last.get(stream);
      const remember = ids.length >= rememberFrom;
      const next = new Set(ids);
      if (remember) last.set(stream, next);
      else last.delete(stream);
      if (!previous || !remember) return { connectionIds: ids, delta: false, removedIds: [], remember };
      const added = ids.filter((id) => !previous.has(id));
      const removed = [...previous].filter((id) => !next.has(id));
      if (added.length + removed.length >= ids.length)
        return { connectionIds: ids, delta: false, removedIds: [], remember };
      return { connectionIds: added, delta: true, removedIds: removed, remember };
    },
    get remembered() {
      return last.size;
    },
  };
}

/** Creates the receiving end; a delta for a stream it holds no set for is a broken feed, and throws. */
export function createRecipientDecoder(): RecipientDecoder {
  const last = new Map<string, Set<string>>();
  return {
    decode(stream, wire) {
      let set: Set<string>;
      if (wire.delta) {
        const previous = last.get(stream);
        if (!previous)
          throw new HoloError("internal", `a recipient delta for ${stream} with no set to apply it to`);
        set = new Set(previous);
        for (const id of wire.removedIds) set.delete(id);
        for (const id of wire.connectionIds) set.add(id);
      } else set = new Set(wire.connectionIds);
      if (wire.remember) last.set(stream, set);
      else last.delete(stream);
      return set;
    },
    get remembered() {
      return last.size;
    },
  };
}
