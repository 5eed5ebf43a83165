import { describe, expect, test } from "bun:test";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createConnection } from "./telnet-connection.ts";
import { defaultConnectionLimits } from "./telnet-server-config.ts";

/** A connection over a socket that takes bytes only while `reading` is true. */
function connection(softCap: number) {
  const socket = { reading: true, write: (b: Uint8Array) => (socket.reading ? b.length : 0) };
  const clock = manualClock();
  const runtime = createConnection({
    id: "c1",
    remoteAddress: "127.0.0.1:1",
    secure: false,
    socket: { write: (b) => socket.write(b), end: () => {}, pause: () => {}, resume: () => {} },
    limits: { ...defaultConnectionLimits, outputSoftCap: softCap, outputHardCap: 4 * softCap },
    clock,
    timers: manualTimers(clock),
    logger: collectingLogger().logger,
    mssp: () => ({}),
    handler: () => ({ onLine: () => {}, onClose: () => {} }),
    released: () => {},
  });
  return { socket, runtime, conn: runtime.conn };
}

describe("a connection's backlog", () => {
  test("is flagged past half the soft cap, and drained listeners run once the client has read it", () => {
    const { socket, runtime, conn } = connection(1000);
    socket.reading = false;
    let drained = 0;
    conn.onDrained(() => drained++);
    conn.send("x".repeat(400));
    expect(conn.backlogged).toBe(false);
    conn.send("y".repeat(200));
    expect(conn.backlogged).toBe(true);
    runtime.drain();
    expect(drained).toBe(0);
    socket.reading = true;
    runtime.drain();
    expect(conn.backlogged).toBe(false);
    expect(drained).toBe(1);
    runtime.drain();
    expect(drained).toBe(1);
  });
});
