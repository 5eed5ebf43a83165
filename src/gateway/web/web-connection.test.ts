import { describe, expect, test } from "bun:test";
import type { ConnectionHandler } from "#gateway/telnet/connection-types.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createWebConnection, defaultWebConnectionLimits } from "./web-connection.ts";
import type { WebSocketPort } from "./web-socket-port.ts";

/** A socket whose queued bytes the test sets, as a client that stops reading would leave them. */
function fakeSocket() {
  const sent: Record<string, unknown>[] = [];
  const closes: { code: number; reason: string }[] = [];
  let buffered = 0;
  const socket: WebSocketPort & { buffered: number } = {
    send(text) {
      sent.push(JSON.parse(text));
      buffered += text.length;
      return -1;
    },
    close: (code, reason) => void closes.push({ code, reason }),
    getBufferedAmount: () => buffered,
    set buffered(n: number) {
      buffered = n;
    },
    get buffered() {
      return buffered;
    },
  };
  return { socket, sent, closes };
}

function connection(maxBufferedBytes = 10_000) {
  const { socket, sent, closes } = fakeSocket();
  const clock = manualClock();
  const timers = manualTimers(clock);
  const lines: string[] = [];
  const closedWith: string[] = [];
  const handler: ConnectionHandler = {
    onLine: (line) => void lines.push(line),
    onClose: (reason) => void closedWith.push(reason),
  };
  const web = createWebConnection({
    socket,
    id: "w1",
    remoteAddress: "127.0.0.1",
    secure: false,
    clock,
    timers,
    log: collectingLogger().logger,
    limits: { ...defaultWebConnectionLimits, maxBufferedBytes, loginTimeoutMs: 1000 },
    welcome: { game: "Test", version: "1" },
    begin: async (_hello, _conn, welcomed) => {
      welcomed("client-1");
      return { handler, client: "client-1" };
    },
  });
  return { web, socket, sent, closes, timers, lines, closedWith };
}

describe("a web connection's output bound", () => {
  test("past half the cap it is backlogged, and its drained listeners run once it reads again", () => {
    const c = connection();
    let drained = 0;
    c.web.conn.onDrained(() => drained++);
    c.socket.buffered = 6000;
    c.web.conn.send("more");
    expect(c.web.conn.backlogged).toBe(true);
    c.web.drained();
    expect(drained).toBe(0);
    c.socket.buffered = 100;
    c.web.drained();
    expect(c.web.conn.backlogged).toBe(false);
    expect(drained).toBe(1);
    expect(c.closes).toEqual([]);
  });

  test("past the hard cap it is closed with a reason, and the play layer hears why", async () => {
    const c = connection();
    c.web.receive(JSON.stringify({ type: "hello" }));
    await Promise.resolve();
    c.socket.buffered = 10_001;
    c.web.conn.send("one line too many");
    expect(c.closes).toEqual([{ code: 1008, reason: "output backlog: the client is not reading" }]);
    c.web.conn.send("never sent");
    expect(c.sent.at(-1)).toEqual({ type: "text", text: "one line too many" });
    c.web.socketClosed();
    expect(c.closedWith).toEqual(["overflow"]);
  });
});

describe("a web connection's login side", () => {
  test("a prompt followed by password mode is one masked prompt frame", async () => {
    const c = connection();
    c.web.conn.prompt("Password: ");
    c.web.conn.setPasswordMode(true);
    await Promise.resolve();
    expect(c.sent).toEqual([{ type: "prompt", text: "Password: ", password: true }]);
  });

  test("untrusted markup goes as sanitised text, trusted as markup", () => {
    const c = connection();
    c.web.conn.sendMarkup("%[bold]hi\u001b[31m", { trusted: false });
    c.web.conn.sendMarkup("%[bold]hi%[/]", { trusted: true });
    expect(c.sent[0]?.type).toBe("text");
    expect(String(c.sent[0]?.text)).not.toContain("\u001b");
    expect(c.sent[1]).toEqual({ type: "markup", markup: "%[bold]hi%[/]" });
  });

  test("a connection not logged in by the deadline is told and closed", () => {
    const c = connection();
    c.timers.advance(1000);
    expect(c.sent.at(-1)).toEqual({ type: "text", text: "[Login timed out.]" });
    expect(c.closes).toEqual([{ code: 1008, reason: "login timed out" }]);
  });

  test("lines before hello are refused with an error, and the first hello is welcomed", async () => {
    const c = connection();
    c.web.receive(JSON.stringify({ type: "line", text: "connect x y" }));
    c.web.receive(JSON.stringify({ type: "hello" }));
    c.web.receive(JSON.stringify({ type: "line", text: "look" }));
    await Promise.resolve();
    await Promise.resolve();
    expect(c.sent[0]).toMatchObject({ type: "error", code: "hello_first" });
    expect(c.sent[1]).toEqual({ type: "welcome", game: "Test", version: "1", client: "client-1" });
    expect(c.lines).toEqual(["look"]);
  });
});
