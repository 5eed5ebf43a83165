import type { Character } from "#core/accounts/account-store.ts";
import type { Broadcaster } from "#core/broadcast/broadcaster.ts";
import { charStream } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { CursorWriter } from "./cursor-writer.ts";
import type { LiveConnections } from "./live-connections.ts";
import { type StreamItem, sessionStream } from "./session-event-stream.ts";
import type { FollowRegistry } from "./session-following.ts";
import type { SessionLookup } from "./session-lookup.ts";
import type { SessionRecord, SessionStore } from "./session-store.ts";

/** A connection's output: replay after `afterPosition` (or the stored cursors), then live events. */
export type SessionOutput = (
  sessionId: string,
  connectionId: string,
  afterPosition: number | undefined,
  signal: AbortSignal,
) => AsyncIterable<StreamItem>;

/** What a connection's output reads from and writes its cursors to. */
export interface SessionOutputDeps {
  readonly store: SessionStore;
  readonly events: EventStore;
  readonly broadcaster: Broadcaster;
  readonly clock: Clock;
  readonly replayLimit: number;
  readonly live: LiveConnections;
  readonly follows: FollowRegistry;
  readonly cursors: CursorWriter;
  readonly lookup: SessionLookup;
  /** The live session with this connection attached, and its character; else unauthenticated. */
  readonly require: (
    sessionId: string,
    connectionId: string,
  ) => Promise<{ session: SessionRecord; character: Character }>;
}

/** Creates the output streams of the session manager. */
export function createSessionOutput(deps: SessionOutputDeps): SessionOutput {
  const { store } = deps;
  return async function* stream(sessionId, connectionId, afterPosition, signal) {
    const { session, character } = await deps.require(sessionId, connectionId);
    let followed = await deps.lookup.streamsOf(character);
    const fallback = afterPosition ?? (await deps.events.lastPosition());
    const ends = session.ends ?? {};
    const start = Object.fromEntries(
      [...followed, ...Object.keys(ends)].map((s) => [s, afterPosition ?? session.cursors[s] ?? fallback]),
    );
    using following = deps.follows.open(sessionId, start, ends);
    const streams = () => [...new Set([...followed, ...following.streams()])];
    using subscription = deps.broadcaster.subscribe(streams());
    let rewound: Record<string, number> = {};
    following.onChange((_now, change, position) => {
      followed = [...followed.filter((s) => !change.remove?.includes(s)), ...(change.add ?? [])];
      subscription.setStreams(streams());
      if (position === undefined || !change.add?.length) return;
      // Events of a joined stream may have been dispatched before setStreams: re-read them from the join.
      for (const stream of change.add) rewound[stream] = position;
      subscription.catchUp();
    });
    const handle = deps.live.start(sessionId, connectionId, signal);
    await store.setDetachedAt(sessionId, undefined);
    try {
      yield* sessionStream({
        events: deps.events,
        subscription,
        cursors: start,
        replayLimit: deps.replayLimit,
        privateStream: charStream(character.id),
        streams,
        rewind: () => {
          const taken = rewound;
          rewound = {};
          return taken;
        },
        accept: (event) =>
          following.streams().includes(event.stream)
            ? following.accepts(event)
            : followed.includes(event.stream),
        signal: handle.signal,
        delivered: (position) =>
          deps.cursors.advance(sessionId, {
            ...Object.fromEntries(followed.map((s) => [s, position])),
            ...following.cursorsAt(position),
          }),
      });
      if (handle.final) yield handle.final;
    } finally {
      handle[Symbol.dispose]();
      if (!deps.live.has(sessionId)) await store.setDetachedAt(sessionId, deps.clock.now()).catch(() => {});
    }
  };
}
