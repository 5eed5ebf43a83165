import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { SubscribeRequest, SubscribeResponseSchema } from "#gen/holomush/core/v1/core_pb.ts";
import type { FakeEvent, FakeSession, FakeWorld } from "./fake-world.ts";

type Item = MessageInitShape<typeof SubscribeResponseSchema>;

/** The fake core's Subscribe: a bounded replay framed by ReplayStart/ReplayEnd, then live events. */
export interface FakeSubscribe {
  (req: SubscribeRequest, signal: AbortSignal, replayLimit: number): AsyncIterable<Item>;
  /** Fails every open stream with `error`, as a dying core does. */
  failAll(error: unknown): void;
  /** Ends every open stream cleanly, with no error. */
  endAll(): void;
  /**
   * The stream of `connectionId` on `sessionId` ends as the real core ends a detached connection's stream:
   * `final` (when given) as its last item, then Unauthenticated.
   */
  finish(sessionId: string, connectionId: string, final?: Item): void;
}

const eventItem = (e: FakeEvent): Item => ({
  item: {
    case: "event",
    value: {
      id: `ev-${e.position}`,
      stream: e.stream,
      type: e.type,
      actor: e.actor,
      payload: e.payload,
      position: BigInt(e.position),
      version: 1n,
    },
  },
});

/** Creates Subscribe over `world`; `session` throws Unauthenticated for an unknown id; `guard` throws when down. */
export function createFakeSubscribe(
  world: FakeWorld,
  session: (id: string) => FakeSession,
  guard: () => void,
): FakeSubscribe {
  interface Handle {
    readonly sessionId: string;
    readonly connectionId: string;
    fail(error: unknown): void;
    end(): void;
    detach(final?: Item): void;
  }
  const open = new Set<Handle>();

  async function* subscribe(
    req: SubscribeRequest,
    signal: AbortSignal,
    replayLimit: number,
  ): AsyncGenerator<Item> {
    guard();
    const s = session(req.sessionId);
    const pending: FakeEvent[] = [];
    let wake: (() => void) | undefined;
    let failure: unknown;
    let ended = false;
    let final: Item | undefined;
    let detached = false;
    const listener = (e: FakeEvent) => {
      if (!world.follows(s, e.stream)) return;
      pending.push(e);
      wake?.();
    };
    const handle: Handle = {
      sessionId: req.sessionId,
      connectionId: req.connectionId,
      fail(error) {
        failure = error;
        wake?.();
      },
      end() {
        ended = true;
        wake?.();
      },
      detach(item) {
        detached = true;
        final = item;
        wake?.();
      },
    };
    const onAbort = () => wake?.();
    world.listeners.add(listener);
    open.add(handle);
    signal.addEventListener("abort", onAbort);
    try {
      const after = req.afterPosition === undefined ? s.cursor : Number(req.afterPosition);
      const missed = world.events.filter((e) => world.follows(s, e.stream) && e.position > after);
      const skipped = Math.max(0, missed.length - replayLimit);
      const replay = missed.slice(skipped);
      let last = after;
      yield {
        item: { case: "replayStart", value: { count: BigInt(replay.length), skipped: BigInt(skipped) } },
      };
      for (const e of replay) {
        yield eventItem(e);
        last = e.position;
        s.cursor = Math.max(s.cursor, last);
      }
      yield {
        item: { case: "replayEnd", value: { count: BigInt(replay.length), lastPosition: BigInt(last) } },
      };
      for (;;) {
        if (failure !== undefined) throw failure;
        if (ended) return;
        if (detached) {
          if (final) yield final;
          throw new ConnectError("This connection is no longer attached.", Code.Unauthenticated);
        }
        // As the real handler does: ending on abort throws the reason, or the client sees a clean end.
        if (signal.aborted) throw signal.reason;
        const next = pending.shift();
        if (next === undefined) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        } else if (next.position > last) {
          yield eventItem(next);
          last = next.position;
          s.cursor = Math.max(s.cursor, last);
        }
      }
    } finally {
      world.listeners.delete(listener);
      open.delete(handle);
      signal.removeEventListener("abort", onAbort);
    }
  }

  return Object.assign(subscribe, {
    failAll(error: unknown) {
      for (const handle of [...open]) handle.fail(error);
    },
    endAll() {
      for (const handle of [...open]) handle.end();
    },
    finish(sessionId: string, connectionId: string, final?: Item) {
      for (const handle of [...open])
        if (handle.sessionId === sessionId && handle.connectionId === connectionId) handle.detach(final);
    },
  });
}
