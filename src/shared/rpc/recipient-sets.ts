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
 * Each stream's set is changed in place: the ids are marked with the event's turn, and only ids left unmarked
 * are looked for and removed. Copying a room's set for each of its events made a burst of N logins N² garbage.
 * Known limitation: a stream's last set stays held (up to its size) until its next event or the feed's end.
 */
export function createRecipientEncoder(): RecipientEncoder {
  // Each stream's set, as id -> the turn that last named it.
  const last = new Map<string, Map<string, number>>();
  let turn = 0;
  return {
    encode(stream, ids) {
      const remember = ids.length >= rememberFrom;
      const whole = { connectionIds: ids, delta: false, removedIds: [], remember };
      let previous = last.get(stream);
      if (!remember) {
        last.delete(stream);
        return whole;
      }
      turn += 1;
      const fresh = previous === undefined;
      previous ??= new Map();
      last.set(stream, previous);
      const added: string[] = [];
      let named = 0;
      for (const id of ids) {
        const seen = previous.get(id);
        if (seen === turn) continue;
        if (seen === undefined) added.push(id);
        previous.set(id, turn);
        named += 1;
      }
      const removed: string[] = [];
      if (previous.size > named) {
        const set = previous;
        set.forEach((seen, id) => {
          if (seen === turn) return;
          removed.push(id);
          set.delete(id);
        });
      }
      if (fresh || added.length + removed.length >= ids.length) return whole;
      return { connectionIds: added, delta: true, removedIds: removed, remember };
    },
    get remembered() {
      return last.size;
    },
  };
}

/**
 * Creates the receiving end; a delta for a stream it holds no set for is a broken feed, and throws. The set
 * returned for a remembered stream is the one held, changed in place by the stream's next event: read it before
 * decoding again.
 */
export function createRecipientDecoder(): RecipientDecoder {
  const last = new Map<string, Set<string>>();
  return {
    decode(stream, wire) {
      let set: Set<string>;
      if (wire.delta) {
        const previous = last.get(stream);
        if (!previous)
          throw new HoloError("internal", `a recipient delta for ${stream} with no set to apply it to`);
        set = previous;
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
