import { describe, expect, test } from "bun:test";
import { constants, inflateSync } from "node:zlib";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { type CompressionSlots, createCompressionSlots } from "./compression-slots.ts";
import { createConnection } from "./telnet-connection.ts";
import { defaultConnectionLimits } from "./telnet-server-config.ts";
import { maxCompressionStarts } from "./telnet-session.ts";

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

const IAC = 255;
const COMPRESS2 = 86;
const startMarker = [IAC, 250, COMPRESS2, IAC, 240];

/** A connection whose socket records every byte and lets a test wait for a condition on them. */
function recordingConnection(compression?: CompressionSlots) {
  const wire: number[] = [];
  const waiters = new Set<() => void>();
  const clock = manualClock();
  const runtime = createConnection({
    id: "c2",
    remoteAddress: "127.0.0.1:2",
    secure: false,
    socket: {
      write: (b) => {
        wire.push(...b);
        for (const w of [...waiters]) w();
        return b.length;
      },
      end: () => {
        for (const w of [...waiters]) w();
      },
      pause: () => {},
      resume: () => {},
    },
    limits: defaultConnectionLimits,
    clock,
    timers: manualTimers(clock),
    logger: collectingLogger().logger,
    mssp: () => ({}),
    handler: () => ({ onLine: () => {}, onClose: () => {} }),
    ...(compression ? { compression } : {}),
    released: () => {},
  });
  const until = (check: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const attempt = () => {
        if (!check()) return;
        waiters.delete(attempt);
        resolve();
      };
      waiters.add(attempt);
      attempt();
    });
  return { wire, runtime, conn: runtime.conn, until };
}

/** Where `needle` first occurs in `haystack`, or -1. */
function indexOfBytes(haystack: readonly number[], needle: readonly number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** The text a client inflating everything after `IAC SB COMPRESS2 IAC SE` reads so far. */
function inflated(wire: readonly number[]): string {
  const at = indexOfBytes(wire, startMarker);
  const stream = Buffer.from(wire.slice(at + startMarker.length));
  return inflateSync(stream, { finishFlush: constants.Z_SYNC_FLUSH }).toString("latin1");
}

describe("MCCP2 on a connection", () => {
  test("the server offers COMPRESS2; after DO everything is one zlib stream, flushed after each line", async () => {
    const { wire, runtime, conn, until } = recordingConnection();
    expect(indexOfBytes(wire, [IAC, 251, COMPRESS2])).toBeGreaterThanOrEqual(0);
    runtime.data(Uint8Array.of(IAC, 253, COMPRESS2));
    const at = indexOfBytes(wire, startMarker);
    expect(at).toBeGreaterThan(0);
    conn.send("Town Square");
    conn.send('Tom says, "hello ÿ there"');
    conn.prompt("> ");
    const expected = 'Town Square\r\nTom says, "hello \u00c3\u00bf there"\r\n> \u00ff\u00f9';
    // Each write is sync-flushed, so all of it can be read before the stream ends.
    await until(() => wire.length > at + startMarker.length && inflated(wire) === expected);
    expect(inflated(wire)).toBe(expected);
  });

  test("DONT finishes the stream; the WONT and later output are plain", async () => {
    const { wire, runtime, conn, until } = recordingConnection();
    runtime.data(Uint8Array.of(IAC, 253, COMPRESS2));
    conn.send("compressed line");
    runtime.data(Uint8Array.of(IAC, 254, COMPRESS2));
    conn.send("plain line");
    const tail = [IAC, 252, COMPRESS2, ...new TextEncoder().encode("plain line\r\n")];
    await until(() => indexOfBytes(wire, tail) >= 0);
    const start = indexOfBytes(wire, startMarker) + startMarker.length;
    const result = inflateSync(Buffer.from(wire.slice(start)), { info: true }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    expect(result.buffer.toString()).toBe("compressed line\r\n");
    expect(wire.slice(start + result.engine.bytesWritten)).toEqual(tail);
    expect(conn.closed).toBe(false);
  });

  test("a repeated DO while compressing starts nothing new, and restarts are bounded", async () => {
    const { wire, runtime, conn, until } = recordingConnection();
    runtime.data(Uint8Array.of(IAC, 253, COMPRESS2, IAC, 253, COMPRESS2));
    expect(indexOfBytes(wire.slice(indexOfBytes(wire, startMarker) + 1), startMarker)).toBe(-1);
    for (let i = 0; i < 10; i++) runtime.data(Uint8Array.of(IAC, 254, COMPRESS2, IAC, 253, COMPRESS2));
    runtime.data(Uint8Array.of(IAC, 254, COMPRESS2));
    conn.send("done");
    const done = [...new TextEncoder().encode("done\r\n")];
    await until(() => indexOfBytes(wire.slice(-done.length), done) === 0);
    let starts = 0;
    for (let i = 0; i < wire.length; i++) if (indexOfBytes(wire.slice(i, i + 5), startMarker) === 0) starts++;
    expect(starts).toBe(maxCompressionStarts);
  });
});

describe("the bound on MCCP2 streams across connections", () => {
  test("past it a DO gets WONT and plain output; a stream's end or a close gives its slot back", async () => {
    const slots = createCompressionSlots(1);
    const first = recordingConnection(slots);
    first.runtime.data(Uint8Array.of(IAC, 253, COMPRESS2));
    expect(indexOfBytes(first.wire, startMarker)).toBeGreaterThan(0);
    expect(slots.inUse).toBe(1);

    const second = recordingConnection(slots);
    const before = second.wire.length;
    second.runtime.data(Uint8Array.of(IAC, 253, COMPRESS2));
    expect(second.wire.slice(before)).toEqual([IAC, 252, COMPRESS2]);
    second.conn.send("still plain");
    expect(indexOfBytes(second.wire, [...new TextEncoder().encode("still plain\r\n")])).toBeGreaterThan(0);
    expect(slots.inUse).toBe(1);

    first.runtime.data(Uint8Array.of(IAC, 254, COMPRESS2));
    await first.until(() => indexOfBytes(first.wire, [IAC, 252, COMPRESS2]) >= 0);
    expect(slots.inUse).toBe(0);

    const third = recordingConnection(slots);
    third.runtime.data(Uint8Array.of(IAC, 253, COMPRESS2));
    expect(slots.inUse).toBe(1);
    third.conn.close("Goodbye.");
    await third.until(() => slots.inUse === 0);
    expect(
      inflateSync(Buffer.from(third.wire.slice(indexOfBytes(third.wire, startMarker) + 5))).toString(),
    ).toBe("Goodbye.\r\n");
  });
});
