import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { MAX_PAYLOAD_BYTES, type NewEvent, type StoredEvent } from "./event.ts";
import type { EventStore } from "./event-store.ts";

let counter = 0;
/** A well-formed event for contract tests: a type of the test's own, so any JSON object is its payload. */
export function testEvent(stream: string, payload: Record<string, unknown> = {}, id?: string): NewEvent {
  counter += 1;
  return {
    id: id ?? `E${String(counter).padStart(8, "0")}`,
    stream,
    type: "test.note",
    timestamp: 1_700_000_000_000 + counter,
    actor: { kind: "character", id: "c1" },
    payload,
  };
}

/** Collects `count` events from a subscription, then stops it. */
export async function collect(store: EventStore, after: number, count: number): Promise<StoredEvent[]> {
  const controller = new AbortController();
  const seen: StoredEvent[] = [];
  for await (const event of store.subscribe(after, controller.signal)) {
    seen.push(event);
    if (seen.length >= count) controller.abort();
  }
  return seen;
}

const positionsOf = (events: readonly StoredEvent[]) => events.map((e) => e.position);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const code = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: unknown) => (isHoloError(error) ? error.code : `untyped: ${String(error)}`),
  );

/** The behaviour every EventStore adapter must show; `open` gives an empty store each time. */
export function eventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`${name} event store`, () => {
    test("an appended event comes back with position 1 and version 1", async () => {
      await using store = await open();
      const event = testEvent("location:1", {
        text: "Hello, ünïcode ✓",
        n: 1.5,
        nested: { list: [1, "two"] },
      });
      const [stored] = await store.append(event);
      expect(stored).toEqual({ ...event, position: 1, version: 1 });
      expect(await store.replay("location:1", 0, 10)).toEqual([{ ...event, position: 1, version: 1 }]);
    });

    test("positions are global and increasing while versions count per stream", async () => {
      await using store = await open();
      for (const stream of ["location:1", "char:2", "location:1", "world", "char:2", "location:1"]) {
        await store.append(testEvent(stream));
      }
      const all = await store.readStreams({ "location:1": 0, "char:2": 0, world: 0 }, 100);
      expect(all.map((e) => [e.position, e.stream, e.version])).toEqual([
        [1, "location:1", 1],
        [2, "char:2", 1],
        [3, "location:1", 2],
        [4, "world", 1],
        [5, "char:2", 2],
        [6, "location:1", 3],
      ]);
      expect(await store.lastPosition()).toBe(6);
      expect(await store.lastPosition("char:2")).toBe(5);
      expect(await store.lastPosition("channel:none")).toBe(0);
      expect(await store.lastVersion("location:1")).toBe(3);
      expect(await store.lastVersion("channel:none")).toBe(0);
    });

    test("a batch is stored in input order with consecutive positions", async () => {
      await using store = await open();
      await store.append(testEvent("world"));
      const batch = [testEvent("location:1"), testEvent("char:1"), testEvent("location:1")];
      const stored = await store.append(batch);
      expect(stored).toEqual([
        { ...batch[0]!, position: 2, version: 1 },
        { ...batch[1]!, position: 3, version: 1 },
        { ...batch[2]!, position: 4, version: 2 },
      ]);
      expect(await store.append([])).toEqual([]);
    });

    test("re-appending an event id returns the stored event and stores nothing new", async () => {
      await using store = await open();
      const event = testEvent("location:1");
      const [first] = await store.append(event);
      const [again] = await store.append({ ...event, payload: { changed: true } });
      expect(again).toEqual(first!);
      const batch = [testEvent("location:1"), testEvent("location:1")];
      const stored = await store.append(batch);
      expect(await store.append(batch, { expectedVersion: 0 })).toEqual(stored);
      expect(await store.lastPosition()).toBe(3);
    });

    test("a batch mixing stored and new ids is a conflict and stores none of it", async () => {
      await using store = await open();
      const old = testEvent("location:1");
      await store.append(old);
      expect(await code(store.append([testEvent("location:1"), old]))).toBe("conflict");
      expect(await store.lastPosition()).toBe(1);
    });

    test("a wrong expectedVersion is a conflict and a right one appends", async () => {
      await using store = await open();
      expect(await code(store.append(testEvent("location:1"), { expectedVersion: 1 }))).toBe("conflict");
      await store.append(testEvent("location:1"), { expectedVersion: 0 });
      await store.append([testEvent("location:1"), testEvent("location:1")], { expectedVersion: 1 });
      expect(await code(store.append(testEvent("location:1"), { expectedVersion: 1 }))).toBe("conflict");
      expect(await store.lastVersion("location:1")).toBe(3);
    });

    test("of 8 concurrent writers expecting version 0, exactly one wins", async () => {
      await using store = await open();
      const writers = range(1, 8).map(() =>
        code(store.append([testEvent("channel:race"), testEvent("channel:race")], { expectedVersion: 0 })),
      );
      const results = await Promise.all(writers);
      expect(results.filter((r) => r === "ok")).toHaveLength(1);
      expect(results.filter((r) => r === "conflict")).toHaveLength(7);
      expect((await store.replay("channel:race", 0, 100)).map((e) => e.version)).toEqual([1, 2]);
    });

    test("one failing append among concurrent ones fails alone", async () => {
      await using store = await open();
      await store.append(testEvent("location:1"));
      const results = await Promise.all([
        code(store.append(testEvent("location:2"))),
        code(store.append(testEvent("location:1"), { expectedVersion: 7 })),
        code(store.append([testEvent("location:3"), testEvent("location:3")])),
        code(store.append(testEvent("location:1"), { expectedVersion: 1 })),
      ]);
      expect(results).toEqual(["ok", "conflict", "ok", "ok"]);
      expect(await store.lastPosition()).toBe(5);
    });

    test("concurrent batches are never interleaved", async () => {
      await using store = await open();
      const batches = range(1, 10).map((b) => range(1, 5).map(() => testEvent(`location:${b % 3}`, { b })));
      const results = await Promise.all(batches.map((batch) => store.append(batch)));
      for (const stored of results) {
        const first = stored[0]!.position;
        expect(positionsOf(stored)).toEqual(range(first, first + 4));
      }
      expect(await store.lastPosition()).toBe(50);
    });

    test.each([
      ["an oversized payload", { payload: { text: "x".repeat(MAX_PAYLOAD_BYTES) } }],
      ["a malformed stream", { stream: "no spaces allowed" }],
      ["a NUL in the payload", { payload: { text: "a\u0000b" } }],
      ["an unknown actor kind", { actor: { kind: "robot", id: "r" } }],
      ["a malformed id", { id: "" }],
      ["a say without its text (the event schema)", { type: "say", payload: { name: "Alice" } }],
      [
        "a say with a field the schema does not name",
        { type: "say", payload: { name: "A", text: "hi", x: 1 } },
      ],
    ])("%s is refused with invalid_argument and nothing is stored", async (_, change) => {
      await using store = await open();
      const bad = { ...testEvent("location:1"), ...change } as NewEvent;
      expect(await code(store.append([testEvent("location:1"), bad]))).toBe("invalid_argument");
      expect(await code(store.append([testEvent("a:1"), testEvent("b:1")], { expectedVersion: 0 }))).toBe(
        "invalid_argument",
      );
      expect(await store.lastPosition()).toBe(0);
    });

    test("replay returns one stream after a position, bounded by the limit", async () => {
      await using store = await open();
      for (let i = 0; i < 10; i++) await store.append(testEvent(i % 2 ? "location:odd" : "location:even"));
      expect(positionsOf(await store.replay("location:odd", 0, 100))).toEqual([2, 4, 6, 8, 10]);
      expect(positionsOf(await store.replay("location:odd", 4, 2))).toEqual([6, 8]);
      expect(positionsOf(await store.replay("location:odd", 10, 5))).toEqual([]);
      expect(await store.replay("location:odd", 0, 0)).toEqual([]);
      expect(await code(store.replay("location:odd", -1, 5))).toBe("invalid_argument");
    });

    test("readStreams unions streams after each cursor, oldest or newest first, and counts", async () => {
      await using store = await open();
      for (let i = 1; i <= 12; i++) await store.append(testEvent(["location:1", "char:1", "world"][i % 3]!));
      const cursors = { "location:1": 3, "char:1": 7 };
      expect(positionsOf(await store.readStreams(cursors, 100))).toEqual([6, 9, 10, 12]);
      expect(positionsOf(await store.readStreams(cursors, 2))).toEqual([6, 9]);
      expect(positionsOf(await store.readStreams(cursors, 2, { newest: true }))).toEqual([10, 12]);
      expect(await store.countAfter(cursors)).toBe(4);
      expect(await store.countAfter({})).toBe(0);
      expect(await store.readStreams({}, 10)).toEqual([]);
    });

    test("readStreams and countAfter can leave out event types and stop at a position", async () => {
      await using store = await open();
      for (let i = 1; i <= 10; i++)
        await store.append({
          ...testEvent(i % 2 ? "location:1" : "world"),
          type: i % 3 ? "test.note" : "test.arrive",
        });
      // Positions 3, 6 and 9 are arrivals; 1..10 alternate location:1 (odd) and world (even).
      const cursors = { "location:1": 0, world: 2 };
      const quiet = { exceptTypes: ["test.arrive", "test.leave"] };
      expect(positionsOf(await store.readStreams(cursors, 100, quiet))).toEqual([1, 4, 5, 7, 8, 10]);
      expect(positionsOf(await store.readStreams(cursors, 2, { ...quiet, newest: true, upTo: 8 }))).toEqual([
        7, 8,
      ]);
      expect(positionsOf(await store.readStreams(cursors, 100, { upTo: 4 }))).toEqual([1, 3, 4]);
      expect(await store.countAfter(cursors, quiet)).toBe(6);
      expect(await store.countAfter(cursors, { ...quiet, upTo: 7 })).toBe(4);
      expect(await store.countAfter(cursors, { upTo: 7 })).toBe(6);
      expect(await store.countAfter(cursors, { onlyTypes: ["test.arrive"] })).toBe(3);
      const bySomeoneElse = { ...testEvent("world"), actor: { kind: "character" as const, id: "c2" } };
      await store.append({ ...bySomeoneElse, type: "test.arrive" });
      const c1 = { kind: "character" as const, id: "c1" };
      expect(await store.countAfter(cursors, { onlyTypes: ["test.arrive"], notBy: c1 })).toBe(1);
      expect(await code(store.countAfter(cursors, { upTo: -1 }))).toBe("invalid_argument");
      const many = { exceptTypes: Array.from({ length: 17 }, (_, i) => `t${i}`) };
      expect(await code(store.readStreams(cursors, 5, many))).toBe("invalid_argument");
    });

    test("readFairShare cuts a stream fairly across actors: a flood never pushes out another's one event", async () => {
      await using store = await open();
      const by = (id: string): NewEvent => ({ ...testEvent("char:9"), actor: { kind: "character", id } });
      await store.append(by("carol"));
      for (let i = 0; i < 8; i++) await store.append(by("flooder"));
      await store.append(by("dave"));
      await store.append(by("dave"));
      await store.append(testEvent("char:other"));
      await store.append(by("flooder"));
      // Positions: carol 1, flooder 2–9, dave 10–11, other stream 12, flooder 13.
      expect(positionsOf(await store.readFairShare("char:9", 0, 13, 100))).toEqual([...range(1, 11), 13]);
      expect(positionsOf(await store.readFairShare("char:9", 0, 13, 5))).toEqual([1, 9, 10, 11, 13]);
      expect(positionsOf(await store.readFairShare("char:9", 0, 13, 4))).toEqual([1, 10, 11, 13]);
      expect(positionsOf(await store.readFairShare("char:9", 0, 11, 4))).toEqual([1, 9, 10, 11]);
      expect(positionsOf(await store.readFairShare("char:9", 1, 13, 2))).toEqual([11, 13]);
      expect(await store.readFairShare("char:9", 13, 13, 5)).toEqual([]);
      expect(await code(store.readFairShare("char:9", 0, -1, 5))).toBe("invalid_argument");
    });

    test("a subscription delivers stored then live events in position order", async () => {
      await using store = await open();
      await store.append([testEvent("location:1"), testEvent("char:1"), testEvent("world")]);
      const seen = collect(store, 1, 4);
      await store.append(testEvent("location:9"));
      await store.append(testEvent("char:9"));
      expect(positionsOf(await seen)).toEqual([2, 3, 4, 5]);
    });

    test("a subscription started while writers append concurrently skips nothing", async () => {
      await using store = await open();
      let appended = 0;
      let reached: () => void = () => {};
      const someAppended = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const writers = range(1, 4).map(async (w) => {
        for (let i = 0; i < 25; i++) {
          await store.append([testEvent(`char:${w}`), testEvent("world")]);
          if (++appended === 10) reached();
        }
      });
      await someAppended;
      const seen = collect(store, 0, 200);
      await Promise.all(writers);
      expect(positionsOf(await seen)).toEqual(range(1, 200));
    });

    test("a subscription ends when its signal aborts or the store closes", async () => {
      const store = await open();
      const controller = new AbortController();
      const ended = (async () => {
        for await (const _ of store.subscribe(0, controller.signal)) {
          /* nothing is appended */
        }
        return "ended";
      })();
      controller.abort();
      expect(await ended).toBe("ended");
      const second = (async () => {
        for await (const _ of store.subscribe(0, new AbortController().signal)) {
          /* nothing is appended */
        }
        return "ended";
      })();
      await store.close();
      expect(await second).toBe("ended");
      expect(await code(store.append(testEvent("world")))).toBe("unavailable");
    });
  });
}
