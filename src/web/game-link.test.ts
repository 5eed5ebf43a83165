import { describe, expect, test } from "bun:test";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createBackoff } from "./backoff.ts";
import { createCredentialStore } from "./credentials.ts";
import { createGameLink, type LinkStatus, restartingNotice, type SocketEvents } from "./game-link.ts";
import { memoryKeyValueStore } from "./key-value-store.ts";
import type { ServerFrame } from "./protocol.ts";

interface FakeSocket {
  readonly events: SocketEvents;
  readonly written: unknown[];
  closedWith?: number;
}

function harness() {
  const timers = manualTimers(manualClock());
  const sockets: FakeSocket[] = [];
  const statuses: LinkStatus[] = [];
  const frames: ServerFrame[] = [];
  const notices: string[] = [];
  const credentials = createCredentialStore(memoryKeyValueStore());
  const link = createGameLink({
    openSocket(events) {
      const socket: FakeSocket = { events, written: [] };
      sockets.push(socket);
      return {
        send: (data) => socket.written.push(JSON.parse(data)),
        close: (code) => {
          socket.closedWith = code ?? 1000;
        },
      };
    },
    timers,
    backoff: createBackoff({ random: () => 0 }),
    credentials,
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    onNotice: (t) => notices.push(t),
    onClosed: () => undefined,
    width: () => 80,
    pingMs: 1000,
  });
  const last = () => sockets.at(-1)!;
  const receive = (frame: object) => last().events.message(JSON.stringify(frame));
  return { link, timers, sockets, statuses, frames, notices, credentials, last, receive };
}

describe("the game link", () => {
  test("says hello on open, is connected on welcome, and passes frames on", () => {
    const h = harness();
    h.link.start();
    h.last().events.open();
    expect(h.last().written).toEqual([{ type: "hello", width: 80 }]);
    h.receive({ type: "welcome", game: "G", version: "1", client: "c1" });
    h.receive({ type: "markup", markup: "%[bold]hi" });
    expect(h.statuses).toEqual(["connected"]);
    expect(h.frames.map((f) => f.type)).toEqual(["welcome", "markup"]);
  });

  test("keeps the latest session and resumes with it on the next socket, after a backoff", () => {
    const h = harness();
    h.link.start();
    h.last().events.open();
    h.receive({ type: "welcome", game: "G", version: "1", client: "c1" });
    h.receive({ type: "session", session: "s", token: "t1", client: "c1" });
    h.receive({ type: "session", session: "s", token: "t2", client: "c1" });
    h.last().events.close(1006, "");
    expect(h.link.status).toBe("reconnecting");
    expect(h.timers.pending()).toEqual([250]);
    h.timers.fireNext();
    expect(h.sockets).toHaveLength(2);
    h.last().events.open();
    expect(h.last().written[0]).toEqual({
      type: "hello",
      resume: { session: "s", token: "t2", client: "c1" },
      width: 80,
    });
  });

  test("the restart notice and a 1012 close both show that the game is restarting", () => {
    const h = harness();
    h.link.start();
    h.last().events.open();
    h.receive({ type: "welcome", game: "G", version: "1", client: "c1" });
    h.receive({ type: "text", text: restartingNotice });
    expect(h.link.status).toBe("restarting");
    h.receive({ type: "text", text: "[Reconnected.]" });
    expect(h.link.status).toBe("connected");
    h.last().events.close(1012, "service restart");
    expect(h.link.status).toBe("restarting");
    h.timers.fireNext();
    h.last().events.open();
    h.receive({ type: "welcome", game: "G", version: "1", client: "c1" });
    expect(h.link.status).toBe("connected");
  });

  test("offline closes the socket and waits; online reconnects at once", () => {
    const h = harness();
    h.link.start();
    h.last().events.open();
    h.link.setOnline(false);
    expect(h.link.status).toBe("offline");
    expect(h.sockets[0]?.closedWith).toBe(1000);
    expect(h.timers.pending()).toEqual([]);
    expect(h.link.send({ type: "ping" })).toBe(false);
    h.link.setOnline(true);
    expect(h.sockets).toHaveLength(2);
    expect(h.link.status).toBe("reconnecting");
  });

  test("events of a replaced socket are ignored", () => {
    const h = harness();
    h.link.start();
    const first = h.last();
    first.events.open();
    first.events.close(1006, "");
    h.timers.fireNext();
    first.events.message(JSON.stringify({ type: "text", text: "stale" }));
    first.events.close(1006, "");
    expect(h.frames).toEqual([]);
    expect(h.timers.pending()).toEqual([]);
  });

  test("an unreadable frame is reported and skipped; a close reason is shown", () => {
    const h = harness();
    h.link.start();
    h.last().events.open();
    h.last().events.message("{nope");
    h.receive({ type: "done" });
    h.last().events.close(1013, "The game is full.");
    expect(h.frames).toEqual([]);
    expect(h.notices).toEqual([
      "The game sent something this page cannot read; it was skipped.",
      "The game sent something this page cannot read; it was skipped.",
      "Connection closed: The game is full.",
    ]);
  });

  test("a socket that stops answering pings is given up and replaced", () => {
    const h = harness();
    h.link.start();
    h.last().events.open();
    h.timers.advance(1000);
    expect(h.last().written.at(-1)).toEqual({ type: "ping" });
    h.receive({ type: "pong" });
    h.timers.advance(1000);
    h.timers.advance(1000);
    expect(h.sockets[0]?.closedWith).toBe(4000);
    expect(h.link.status).toBe("reconnecting");
  });
});
