import { describe, expect, test } from "bun:test";
import type { Role } from "#core/accounts/account-rules.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import type { Scene } from "./scene.ts";
import type { SceneLogEntry } from "./scene-log.ts";
import {
  RECENT_STOPPED_SCENES,
  readableScenes,
  SCENE_READ_PAGE,
  SCENE_READ_PAGE_BYTES,
  sceneLogPage,
} from "./scene-reading.ts";
import { defaultSceneDecider } from "./test-support/default-scene-decider.ts";

const line = (n: number, text = `line ${n}`): SceneLogEntry => ({
  position: n,
  at: n,
  kind: "pose",
  ooc: false,
  authorId: "c-a",
  name: "Alice",
  text,
  semipose: false,
});

const scene = (id: number, state: Scene["state"], isPrivate = false, cast: string[] = []): Scene => ({
  id,
  title: "",
  summary: "",
  warnings: [],
  locationId: "lobby",
  locationName: "Lobby",
  ownerId: "c-owner",
  ownerName: "Owner",
  state,
  private: isPrivate,
  participants: new Map(),
  cast: new Map(cast.map((c) => [c, c])),
  invited: new Set(),
  joinedAt: new Map(),
  redactions: new Map(),
  nudge: false,
  idleMinutes: 0,
  startedAt: id,
  startPosition: id,
});

describe("reading scenes", () => {
  test("a reader sees running scenes, then the recent stopped ones, without private scenes they are not in", async () => {
    const all = [
      scene(30, "active", true),
      scene(29, "active", true, ["c-me"]),
      scene(28, "paused"),
      ...Array.from({ length: 12 }, (_, i) => scene(27 - i, "stopped")),
    ];
    const decide = defaultSceneDecider();
    const reader = (id: string, role: Role) => (s: Scene) =>
      decide({ id, role, locationId: "lobby", newId: sequentialIds("a") }, s, "read", true);
    const ids = (await readableScenes(all, reader("c-me", "player"))).map((s) => s.id);
    expect(ids).toEqual([29, 28, ...Array.from({ length: RECENT_STOPPED_SCENES }, (_, i) => 27 - i)]);
    expect((await readableScenes(all, reader("c-x", "admin"))).map((s) => s.id).slice(0, 2)).toEqual([
      30, 29,
    ]);
  });

  test("a log is paged by lines, 0 names the last page, and a page past the end is none", () => {
    const entries = Array.from({ length: SCENE_READ_PAGE + 3 }, (_, i) => line(i + 1));
    expect(sceneLogPage(entries, 1)).toMatchObject({ page: 1, pages: 2, from: 0 });
    expect(sceneLogPage(entries, 0)?.lines.map((l) => l.position)).toEqual([51, 52, 53]);
    expect(sceneLogPage(entries, 3)).toBeUndefined();
    expect(sceneLogPage([], 0)).toEqual({ page: 1, pages: 1, from: 0, lines: [] });
  });

  test("a page ends before a line that would pass its byte bound, and holds at least one line", () => {
    const half = "x".repeat(SCENE_READ_PAGE_BYTES / 2);
    const big = "y".repeat(SCENE_READ_PAGE_BYTES * 2);
    const entries = [line(1, half), line(2, half), line(3, big), line(4)];
    expect([1, 2, 3, 4].map((p) => sceneLogPage(entries, p)?.lines.map((l) => l.position))).toEqual([
      [1],
      [2],
      [3],
      [4],
    ]);
  });
});
