import { describe, expect, test } from "bun:test";
import { busyNotice } from "./busy-notice.ts";
import { waitUntil } from "./test-support/fake-connection.ts";
import { countLines, playHarness } from "./test-support/play-harness.ts";

describe("the busy notice", () => {
  test("a login waiting 3 s at a busy core is told once that the game is busy, and is never dropped", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse");
    const release = h.core.holdLogins();
    const { conn, type } = h.connect();
    type("connect Alice correct horse");
    h.timers.advance(2999);
    expect(countLines(conn, busyNotice)).toBe(0);
    h.timers.advance(1);
    expect(countLines(conn, busyNotice)).toBe(1);
    h.timers.advance(120_000);
    expect(countLines(conn, busyNotice)).toBe(1);
    release();
    await waitUntil(() => conn.transcript.includes("Welcome, Alice."), "the welcome");
    expect(conn.closed).toBe(false);
    expect(countLines(conn, busyNotice)).toBe(1);
  });

  test("a registration answered before 3 s shows no busy line", async () => {
    const h = playHarness();
    const { conn } = await h.play("Bob", "correct-horse");
    h.timers.advance(60_000);
    expect(countLines(conn, busyNotice)).toBe(0);
  });

  test("picking a character from the menu at a busy core is told once too", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse", ["Alice", "Zed"]);
    const { conn, type } = h.connect();
    type("connect Alice correct horse");
    await waitUntil(() => conn.transcript.includes("» Choose a character (number or name): "), "the menu");
    const release = h.core.holdLogins();
    type("2");
    h.timers.advance(3000);
    expect(countLines(conn, busyNotice)).toBe(1);
    release();
    await waitUntil(() => conn.transcript.includes("Welcome, Zed."), "the welcome");
  });
});
