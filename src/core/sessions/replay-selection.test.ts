import { expect, test } from "bun:test";
import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { type ReplayDeps, replaySelection } from "./replay-selection.ts";

let n = 0;
const event = (stream: string, actor: string, text = "hi"): NewEvent => {
  n += 1;
  return {
    id: `E${String(n).padStart(8, "0")}`,
    stream,
    timestamp: n,
    actor: { kind: "character", id: actor },
    ...(stream.startsWith("char:")
      ? { type: "page", payload: { name: actor, text, to: [stream.slice(5)], toIds: [stream.slice(5)] } }
      : { type: "say", payload: { name: actor, text } }),
  };
};

/** The events chosen for the replay, and its replayStart frame. */
async function replay(deps: ReplayDeps) {
  const { replayed, skipped, presence } = await replaySelection(deps);
  return { events: replayed, start: { kind: "replayStart", count: replayed.length, skipped, presence } };
}

const texts = (events: readonly StoredEvent[]) =>
  events.map((e) => `${e.actor.id}: ${String(e.payload.text)}`);

test("page floods bury real messages: a single page from someone else survives a flood, and skipped stays exact", async () => {
  const store = createMemoryEventStore({ log: collectingLogger().logger });
  await store.append(event("char:carol", "dave", "the page that matters"));
  for (let i = 0; i < 510; i++) await store.append(event("char:carol", "mallory", `spam ${i}`));
  await store.append(event("location:lobby", "bob", "room chatter"));
  const { events, start } = await replay({
    events: store,
    cursors: { "char:carol": 0, "location:lobby": 0 },
    replayLimit: 500,
    privateStream: "char:carol",
  });
  expect(start).toEqual({ kind: "replayStart", count: 500, skipped: 12, presence: 0 });
  expect(texts(events)).toContain("dave: the page that matters");
  expect(texts(events).at(-1)).toBe("mallory: spam 509");
  expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((a, b) => a - b));
});

test("with no cut, every missed event is replayed in position order", async () => {
  const store = createMemoryEventStore({ log: collectingLogger().logger });
  await store.append(event("char:carol", "dave"));
  await store.append(event("location:lobby", "bob"));
  const { events, start } = await replay({
    events: store,
    cursors: { "char:carol": 0, "location:lobby": 0 },
    replayLimit: 500,
    privateStream: "char:carol",
  });
  expect(start).toEqual({ kind: "replayStart", count: 2, skipped: 0, presence: 0 });
  expect(texts(events)).toEqual(["dave: hi", "bob: hi"]);
});

test("when the bound cuts, private messages go first and the room's newest events fill the rest", async () => {
  const store = createMemoryEventStore({ log: collectingLogger().logger });
  await store.append(event("char:carol", "dave", "old page"));
  for (let i = 0; i < 6; i++) await store.append(event("location:lobby", "bob", `say ${i}`));
  await store.append(event("char:carol", "erin", "new page"));
  const { events, start } = await replay({
    events: store,
    cursors: { "char:carol": 0, "location:lobby": 0 },
    replayLimit: 4,
    privateStream: "char:carol",
  });
  expect(start).toEqual({ kind: "replayStart", count: 4, skipped: 4, presence: 0 });
  expect(texts(events)).toEqual(["dave: old page", "bob: say 4", "bob: say 5", "erin: new page"]);
});

test("connects and disconnects are summed up, not replayed, and do not push out what was said", async () => {
  const store = createMemoryEventStore({ log: collectingLogger().logger });
  const presence = (type: "connect" | "disconnect", who: string): NewEvent => ({
    ...event("location:lobby", who),
    type,
    payload: { name: who },
  });
  await store.append(event("location:lobby", "bob", "before the crowd"));
  for (let i = 0; i < 6; i++) await store.append(presence(i % 2 ? "disconnect" : "connect", `p${i}`));
  // Carol's own return is no news to her.
  await store.append(presence("connect", "carol"));
  await store.append(event("location:lobby", "bob", "after the crowd"));
  const { events, start } = await replay({
    events: store,
    cursors: { "char:carol": 0, "location:lobby": 0 },
    replayLimit: 2,
    privateStream: "char:carol",
    self: { kind: "character", id: "carol" },
  });
  expect(start).toEqual({ kind: "replayStart", count: 2, skipped: 0, presence: 6 });
  expect(texts(events)).toEqual(["bob: before the crowd", "bob: after the crowd"]);
});

test("others' channel joins and leaves are summed up with the connects, so a busy game's newcomers do not fill the replay", async () => {
  const store = createMemoryEventStore({ log: collectingLogger().logger });
  const channel = (type: "channel.join" | "channel.leave", who: string): NewEvent => ({
    ...event("channel:public", who),
    type,
    payload: { channel: "Public", characterId: who, name: who },
  });
  await store.append(event("channel:public", "bob", "before the newcomers"));
  for (let i = 0; i < 5; i++)
    await store.append(channel(i === 4 ? "channel.leave" : "channel.join", `new${i}`));
  await store.append(channel("channel.join", "carol"));
  await store.append(event("channel:public", "bob", "after them"));
  const { events, start } = await replay({
    events: store,
    cursors: { "channel:public": 0 },
    replayLimit: 2,
    self: { kind: "character", id: "carol" },
  });
  expect(start).toEqual({ kind: "replayStart", count: 2, skipped: 0, presence: 5 });
  expect(texts(events)).toEqual(["bob: before the newcomers", "bob: after them"]);
});

test("the replay covers every event up to the store's last position, summed-up ones included", async () => {
  const store = createMemoryEventStore({ log: collectingLogger().logger });
  await store.append(event("location:lobby", "bob", "said"));
  await store.append({ ...event("location:lobby", "erin"), type: "connect", payload: { name: "erin" } });
  const selection = await replaySelection({
    events: store,
    cursors: { "location:lobby": 0 },
    replayLimit: 10,
  });
  expect(selection.last).toBe(2);
  expect(selection.presence).toBe(1);
});
