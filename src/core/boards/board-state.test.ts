import { describe, expect, test } from "bun:test";
import type { StoredEvent } from "#core/events/event.ts";
import { BOARDS_STREAM, createBoardState } from "./board-state.ts";

let position = 0;
const stored = (type: string, payload: Record<string, unknown>): StoredEvent => ({
  id: `E${++position}`,
  stream: BOARDS_STREAM,
  type,
  timestamp: 1_000 * position,
  actor: { kind: "character", id: "CA" },
  payload,
  position,
  version: position,
});

const create = () =>
  stored("board.create", {
    board: "News",
    name: "admin",
    read: "everyone",
    post: "players",
    moderate: "admins",
  });
const post = (subject: string) =>
  stored("board.post", { board: "News", authorId: "CA", name: "Alice", subject, body: "text" });

describe("the board projection", () => {
  test("posts are numbered in event order, a removed number is never reused, and the author has read their own", () => {
    const state = createBoardState();
    state.apply(create());
    state.apply(post("one"));
    state.apply(post("two"));
    state.apply(stored("board.remove", { board: "News", number: 2, name: "Alice" }));
    state.apply(post("three"));
    expect(state.posts("news").map((p) => [p.number, p.subject])).toEqual([
      [1, "one"],
      [3, "three"],
    ]);
    expect(state.hasRead("news", "CA", 3)).toBe(true);
    expect(state.hasRead("news", "CB", 3)).toBe(false);
  });

  test("a board destroyed and created again starts empty, and a re-applied event changes nothing", () => {
    const state = createBoardState();
    state.apply(create());
    const first = post("one");
    state.apply(first);
    state.apply(first);
    expect(state.posts("news")).toHaveLength(1);
    state.apply(stored("board.destroy", { board: "News", name: "admin" }));
    state.apply(create());
    expect(state.posts("news")).toEqual([]);
    state.apply(post("again"));
    expect(state.posts("news").map((p) => p.number)).toEqual([1]);
  });
});
