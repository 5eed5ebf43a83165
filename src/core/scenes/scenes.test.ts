import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEventAppender } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { exportScene } from "./scene-export.ts";
import { createScenes, type SceneActor, type Scenes } from "./scenes.ts";
import { defaultSceneDecider } from "./test-support/default-scene-decider.ts";

const log = collectingLogger().logger;
const dir = mkdtempSync(join(tmpdir(), "holomush-scenes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenesOver(events: EventStore, clock = manualClock()) {
  const follows: string[] = [];
  const scenes = createScenes({
    events,
    append: createEventAppender(events, createMetricsRegistry()),
    clock,
    newId: sequentialIds("n"),
    allows: defaultSceneDecider(),
    locationName: async (id) => (id === "lobby" ? "The Lobby" : undefined),
    followScene: async (characterId, stream, following) => {
      follows.push(`${characterId} ${following ? "+" : "-"}${stream}`);
    },
  });
  return { scenes, follows, clock };
}

const newId = sequentialIds("e");
const actor = (id: string, name: string, role: SceneActor["role"] = "player"): SceneActor => ({
  id,
  name,
  newId,
  locationId: "lobby",
  role,
});
const alice = actor("c-alice", "Alice");
const bob = actor("c-bob", "Bob");
const carol = actor("c-carol", "Carol");

const pose = (scenes: Scenes, who: SceneActor, text: string, at: number) =>
  scenes.speak(who, (stream) => ({
    id: newId(),
    stream,
    type: "pose",
    timestamp: at,
    actor: { kind: "character", id: who.id },
    payload: { name: who.name, text },
  }));

const expectedMarkdown = `# Scene 1: The Duel \\*at dawn\\*

- **Where:** The Lobby
- **Started:** 2023-11-14 22:13 UTC
- **Stopped:** 2023-11-14 22:18 UTC
- **Participants:** Alice, Bob, Carol
- **Content warnings:** violence; blood
- **Summary:** Two rivals settle it.

---

**Alice** · 2023-11-14 22:14 UTC

Alice draws her sword.

**Bob** · 2023-11-14 22:15 UTC

Bob parries.

**Carol** · 2023-11-14 22:16 UTC

Carol gasps.

**Alice** · 2023-11-14 22:17 UTC

Alice lunges.
`;

/** Plays one whole private scene on `events`: start, settings, invitations, four poses by three players, stop. */
async function playScene(events: EventStore) {
  const { scenes, clock } = scenesOver(events);
  await scenes.start();
  await scenes.begin(alice, "The Duel *at dawn*");
  await scenes.set(alice, "warning", "violence");
  await scenes.set(alice, "warning", "blood");
  await scenes.set(alice, "summary", "Two rivals settle it.");
  await scenes.setPrivate(alice, true);
  await scenes.invite(alice, bob);
  await scenes.invite(alice, carol);
  await scenes.join(bob, "1");
  await scenes.join(carol, "");
  for (const [who, text] of [
    [alice, "draws her sword."],
    [bob, "parries."],
    [carol, "gasps."],
    [alice, "lunges."],
  ] as const) {
    clock.advance(60_000);
    await pose(scenes, who, text, clock.now());
  }
  clock.advance(60_000);
  await scenes.setState(alice, "stopped");
  return scenes;
}

async function markdownOf(scenes: Scenes) {
  const scene = scenes.get(1);
  if (!scene) throw new Error("no scene 1");
  return exportScene(scene, await scenes.log(alice, scene), "markdown");
}

function storeSuite(name: string, open: () => Promise<{ events: EventStore } & AsyncDisposable>) {
  test(`${name}: the markdown export is exact, and the same after rebuilding from events alone`, async () => {
    await using stores = await open();
    const played = await playScene(stores.events);
    expect(await markdownOf(played)).toBe(expectedMarkdown);
    const rebuilt = scenesOver(stores.events).scenes;
    await rebuilt.start();
    expect(await markdownOf(rebuilt)).toBe(expectedMarkdown);
    expect(rebuilt.get(1)).toEqual(played.get(1));
  });

  test(`${name}: a redacted line shows who redacted it, after a rebuild too, and its event stays in the store`, async () => {
    await using stores = await open();
    const played = await playScene(stores.events);
    const scene = played.get(1);
    if (!scene) throw new Error("no scene 1");
    await expect(played.redact(bob, scene, "1")).rejects.toThrow("Line 1 of scene 1 is not yours to redact.");
    expect(await played.redact(alice, scene, "last")).toBe(4);
    await expect(played.redact(alice, scene, "4")).rejects.toThrow("Line 4 of scene 1 is already redacted.");
    const rebuilt = scenesOver(stores.events).scenes;
    await rebuilt.start();
    const after = rebuilt.get(1);
    if (!after) throw new Error("no scene 1");
    const log = await rebuilt.log(alice, after);
    expect(log.map((e) => e.redactedBy)).toEqual([undefined, undefined, undefined, "Alice"]);
    expect(exportScene(after, log, "text")).toContain("[redacted by Alice]");
    const original = await stores.events.readStreams({ "scene:1": 0 }, 100);
    expect(
      original.some((e) => e.type === "pose" && (e.payload as { text: string }).text === "lunges."),
    ).toBe(true);
  });
}

describe("scene logs on every store", () => {
  storeSuite("memory", async () => {
    const events = createMemoryEventStore({ log });
    return { events, [Symbol.asyncDispose]: () => events[Symbol.asyncDispose]() };
  });
  let n = 0;
  storeSuite("embedded", () => openEmbeddedStores(join(dir, `scenes-${++n}.db`), false, log));
});

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres scene logs");
describe.skipIf(!reachable)("scene logs on postgres", () => {
  storeSuite("postgres", async () => {
    const throwaway = await createThrowawayPgDatabase();
    const stores = await openPostgresStores(throwaway.url, false, log);
    return {
      events: stores.events,
      async [Symbol.asyncDispose]() {
        await stores[Symbol.asyncDispose]();
        await throwaway[Symbol.asyncDispose]();
      },
    };
  });
});

describe("scenes", () => {
  test("a private pose queued behind the stop is refused and written nowhere", async () => {
    const events = createMemoryEventStore({ log });
    const { scenes } = scenesOver(events);
    await scenes.begin(alice, "");
    await scenes.setPrivate(alice, true);
    const before = await events.lastPosition();
    const stopping = scenes.setState(alice, "stopped");
    const posing = pose(scenes, alice, "whispers.", 0);
    await stopping;
    await expect(posing).rejects.toThrow("Scene 1 changed before your line was sent");
    expect(await events.lastPosition()).toBe(before + 1);
  });

  test("with nudges on, the next poser is told once that it is their turn, in the same append as the line", async () => {
    const events = createMemoryEventStore({ log });
    const { scenes } = scenesOver(events);
    await scenes.begin(alice, "");
    await scenes.join(bob, "1");
    await scenes.join(carol, "1");
    await scenes.setNudge(alice, true);
    const nudged = async (who: SceneActor, text: string) =>
      (await pose(scenes, who, text, 0)).filter((e) => e.type === "system").map((e) => e.stream);
    expect(await nudged(alice, "draws.")).toEqual(["char:c-bob"]);
    expect(await nudged(alice, "waits.")).toEqual([]);
    expect(await nudged(bob, "parries.")).toEqual(["char:c-carol"]);
    expect(await nudged(carol, "gasps.")).toEqual(["char:c-alice"]);
    await scenes.setNudge(alice, false);
    expect(await nudged(alice, "lunges.")).toEqual([]);
  });

  test("a participant idle past the scene's limit is not nudged, and the limit is the starter's to set", async () => {
    const clock = manualClock();
    const { scenes } = scenesOver(createMemoryEventStore({ log }), clock);
    await scenes.begin(alice, "");
    await scenes.join(bob, "1");
    await scenes.join(carol, "1");
    await scenes.setNudge(alice, true);
    await expect(scenes.setIdle(bob, 5)).rejects.toThrow("Only Alice, who started scene 1");
    await expect(scenes.setIdle(alice, 5000)).rejects.toThrow("from 1 to 1440");
    await scenes.setIdle(alice, 5);
    await pose(scenes, bob, "waves.", clock.now());
    clock.advance(4 * 60_000);
    await pose(scenes, alice, "nods.", clock.now());
    clock.advance(2 * 60_000);
    const [, nudge] = await pose(scenes, alice, "waits.", clock.now());
    // Carol joined six minutes ago and never posed, Bob posed six minutes ago: both are idle, nobody is told.
    expect(nudge).toBeUndefined();
  });

  test("ooc in a private scene is written to the scene, and its log marks it", async () => {
    const events = createMemoryEventStore({ log });
    const { scenes } = scenesOver(events);
    await scenes.begin(alice, "");
    await scenes.setPrivate(alice, true);
    const [stored] = await scenes.speak(alice, (stream) => ({
      id: newId(),
      stream,
      type: "ooc",
      timestamp: 0,
      actor: { kind: "character", id: alice.id },
      payload: { name: "Alice", text: "brb" },
    }));
    expect(stored?.stream).toBe("scene:1");
    const scene = scenes.get(1);
    if (!scene) throw new Error("no scene");
    expect((await scenes.log(alice, scene)).map((e) => [e.ooc, e.text])).toEqual([[true, "brb"]]);
  });

  test("starting, joining, leaving and stopping follow and unfollow the scene's stream", async () => {
    const { scenes, follows } = scenesOver(createMemoryEventStore({ log }));
    await scenes.begin(alice, "");
    await scenes.join(bob, "1");
    await scenes.join(carol, "1");
    await scenes.leave(carol);
    await scenes.setState(alice, "stopped");
    expect(follows).toEqual([
      "c-alice +scene:1",
      "c-bob +scene:1",
      "c-carol +scene:1",
      "c-carol -scene:1",
      "c-alice -scene:1",
      "c-bob -scene:1",
    ]);
    expect(scenes.streamsOf("c-alice")).toEqual([]);
  });

  test("a scene's start is announced to its room, and an open scene's poses stay in the room and are logged from it", async () => {
    const events = createMemoryEventStore({ log });
    const { scenes } = scenesOver(events);
    await scenes.begin(alice, "");
    const room = await events.readStreams({ "location:lobby": 0 }, 10);
    expect(room.map((e) => [e.type, e.payload])).toEqual([
      ["scene.announce", { scene: 1, name: "Alice", title: "" }],
    ]);
    const [stored] = await pose(scenes, bob, "wanders in.", 0);
    expect(stored?.stream).toBe("location:lobby");
    const scene = scenes.get(1);
    if (!scene) throw new Error("no scene");
    expect((await scenes.log(carol, scene)).map((e) => e.text)).toEqual(["wanders in."]);
  });
});
