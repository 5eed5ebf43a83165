import { describe, expect, test } from "bun:test";
import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import { channelEventTypes } from "./channel-events.ts";
import { createChannelRecorder } from "./channel-recorder.ts";
import { createMemoryChannelStore } from "./memory-channel-store.ts";

const join = (n: number): NewEvent => ({
  id: `E${n}`,
  stream: "channel:public",
  type: channelEventTypes.join,
  timestamp: 0,
  actor: { kind: "character", id: `C${n}` },
  payload: { channel: "Public", name: `Char${n}`, characterId: `C${n}` },
});

/** An append that numbers events, holds each call until the test lets it go, and can refuse one event id. */
function heldAppend(refuse?: string) {
  const calls: string[][] = [];
  const gates: PromiseWithResolvers<void>[] = [];
  let position = 0;
  const append = async (events: readonly NewEvent[]): Promise<StoredEvent[]> => {
    calls.push(events.map((e) => e.id));
    const gate = Promise.withResolvers<void>();
    gates.push(gate);
    await gate.promise;
    if (refuse !== undefined && events.some((e) => e.id === refuse)) throw new Error(`refused ${refuse}`);
    return events.map((e) => ({ ...e, position: ++position, version: position }));
  };
  const releaseAll = async () => {
    while (gates.length > 0) {
      gates.shift()?.resolve();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { append, calls, releaseAll };
}

/** A channel store that already holds the Public channel. */
async function publicChannel() {
  const store = createMemoryChannelStore();
  await store.apply(
    [{ kind: "create", channel: { key: "public", name: "Public", alias: "pub", createdAt: 0 } }],
    0,
  );
  return store;
}

describe("createChannelRecorder", () => {
  test("calls arriving while one is written go together in the next append, and each gets its own events", async () => {
    const store = await publicChannel();
    const held = heldAppend();
    const record = createChannelRecorder(held.append, store);
    const results = [1, 2, 3, 4].map((n) => record([join(n)]));
    await held.releaseAll();
    const stored = await Promise.all(results);
    expect(held.calls).toEqual([["E1"], ["E2", "E3", "E4"]]);
    expect(stored.map((s) => s.map((e) => [e.id, e.position]))).toEqual([
      [["E1", 1]],
      [["E2", 2]],
      [["E3", 3]],
      [["E4", 4]],
    ]);
    expect((await store.members("public")).sort()).toEqual(["C1", "C2", "C3", "C4"]);
  });

  test("a group that fails is retried call by call, so only the bad call fails", async () => {
    const store = await publicChannel();
    const held = heldAppend("E3");
    const record = createChannelRecorder(held.append, store);
    const outcomes = [1, 2, 3, 4].map((n) =>
      record([join(n)]).then(
        () => "ok",
        (e: unknown) => String(e),
      ),
    );
    await held.releaseAll();
    expect(await Promise.all(outcomes)).toEqual(["ok", "ok", "Error: refused E3", "ok"]);
    expect(held.calls).toEqual([["E1"], ["E2", "E3", "E4"], ["E2"], ["E3"], ["E4"]]);
    expect((await store.members("public")).sort()).toEqual(["C1", "C2", "C4"]);
  });
});
