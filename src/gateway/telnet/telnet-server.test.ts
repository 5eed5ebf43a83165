import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConnectionAdmission, createConnectionAdmission } from "#gateway/connection-admission.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { manualTimers } from "#shared/util/timers.ts";
import type { CloseReason, ConnectionHandler, TelnetConnection } from "./connection-types.ts";
import { msspTable } from "./mssp.ts";
import { encodeNaws } from "./option-codecs.ts";
import { ensureSelfSignedCertificate, readPemPair } from "./self-signed-cert.ts";
import type { ConnectionLimits } from "./telnet-connection.ts";
import { Cmd, Opt } from "./telnet-constants.ts";
import { startTelnetServer, type TelnetServer } from "./telnet-server.ts";
import { telnetServerConfig } from "./telnet-server-config.ts";
import { connectTestClient, containsBytes, waitFor } from "./telnet-test-client.ts";

const IAC = 255;
const SB = 250;
const SE = 240;

interface Seen {
  conns: TelnetConnection[];
  lines: string[];
  closes: CloseReason[];
  resizes: [number, number][];
}

interface StartOptions {
  perIp?: number;
  limits?: Partial<ConnectionLimits>;
  tls?: { cert: string; key: string };
  /** A counter shared with another server, as the gateway's listeners share one. */
  admission?: ConnectionAdmission;
}

function start(options: StartOptions = {}, onLine?: (conn: TelnetConnection, line: string) => void) {
  const clock = manualClock();
  const timers = manualTimers(clock);
  const admission =
    options.admission ?? createConnectionAdmission({ maxPerIp: options.perIp ?? 10, maxTotal: 1000 });
  const seen: Seen = { conns: [], lines: [], closes: [], resizes: [] };
  const server: TelnetServer = startTelnetServer(
    telnetServerConfig({
      port: 0,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    }),
    {
      clock,
      timers,
      logger: collectingLogger().logger,
      newId: sequentialIds("c"),
      admission,
      mssp: msspTable({
        name: "HoloTest",
        codebase: "HoloMUSH",
        port: 4201,
        tlsPort: 4202,
        startedAt: 0,
        players: () => 7,
      }),
      onConnection(conn): ConnectionHandler {
        seen.conns.push(conn);
        conn.send("Welcome to HoloTest.");
        return {
          onLine: (line) => {
            seen.lines.push(line);
            onLine?.(conn, line);
          },
          onResize: (w, h) => seen.resizes.push([w, h]),
          onClose: (reason) => void seen.closes.push(reason),
        };
      },
    },
  );
  return { server, seen, timers, port: server.address.port };
}

const offers = [
  ...[IAC, Cmd.WILL, Opt.SGA, IAC, Cmd.WILL, Opt.EOR, IAC, Cmd.WILL, Opt.MSSP, IAC, Cmd.WILL, Opt.GMCP],
  ...[
    IAC,
    Cmd.WILL,
    Opt.CHARSET,
    IAC,
    Cmd.WILL,
    Opt.COMPRESS2,
    IAC,
    Cmd.DO,
    Opt.NAWS,
    IAC,
    Cmd.DO,
    Opt.TTYPE,
  ],
];

describe("telnet server over loopback", () => {
  test("a client is offered the server's options, gets the MSSP table and reports its window size", async () => {
    const { server, seen, port } = start();
    await using _ = server;
    const client = await connectTestClient(port);
    await client.until((c) => c.text().includes("Welcome to HoloTest."), "welcome");
    expect(containsBytes(client.bytes(), offers)).toBe(true);
    client.write([
      IAC,
      Cmd.DO,
      Opt.MSSP,
      IAC,
      Cmd.WILL,
      Opt.NAWS,
      IAC,
      SB,
      Opt.NAWS,
      ...encodeNaws(132, 50),
      IAC,
      SE,
    ]);
    await client.until((c) => containsBytes(c.bytes(), [1, ...Buffer.from("PLAYERS"), 2, 55]), "MSSP");
    expect(containsBytes(client.bytes(), [1, ...Buffer.from("TLS"), 2, ...Buffer.from("4202")])).toBe(true);
    client.write("look\r\n");
    await waitFor(() => seen.lines.length === 1, "line");
    expect(seen.resizes).toEqual([[132, 50]]);
    expect(seen.conns[0]?.capabilities).toMatchObject({ width: 132, height: 50, naws: true });
    expect(server.connections).toBe(1);
    client.end();
  });

  test("password mode turns echo off for the prompt and back on after, with GA or EOR after prompts", async () => {
    const { server, port } = start({}, (conn, line) => {
      if (line === "connect") {
        conn.setPasswordMode(true);
        conn.prompt("Password: ");
      } else {
        conn.setPasswordMode(false);
        conn.prompt("> ");
      }
    });
    await using _ = server;
    const client = await connectTestClient(port);
    await client.until((c) => c.text().includes("Welcome"), "welcome");
    client.write("connect\r\n");
    const willEcho = [IAC, Cmd.WILL, Opt.ECHO];
    await client.until(
      (c) => containsBytes(c.bytes(), [...willEcho, ...Buffer.from("Password: "), IAC, Cmd.GA]),
      "WILL ECHO",
    );
    client.write([IAC, Cmd.DO, Opt.ECHO, IAC, Cmd.DO, Opt.EOR, ...Buffer.from("secret\r\n")]);
    await client.until(
      (c) => containsBytes(c.bytes(), [IAC, Cmd.WONT, Opt.ECHO, ...Buffer.from("> "), IAC, Cmd.EOR]),
      "WONT ECHO then EOR",
    );
    client.end();
  });

  test("a connection whose first line is an HTTP request is closed without running anything", async () => {
    const { server, seen, port } = start();
    await using _ = server;
    const client = await connectTestClient(port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await client.until((c) => c.closed, "closed");
    await waitFor(() => seen.closes.length === 1, "onClose");
    expect(seen.lines).toEqual([]);
    expect(seen.closes).toEqual(["http"]);
  });

  test("the per-IP cap turns away the connection past the limit", async () => {
    const { server, port } = start({ perIp: 2 });
    await using _ = server;
    const a = await connectTestClient(port);
    const b = await connectTestClient(port);
    await a.until((c) => c.text().includes("Welcome"), "a");
    await b.until((c) => c.text().includes("Welcome"), "b");
    const c3 = await connectTestClient(port);
    await c3.until((c) => c.closed, "third closed");
    expect(c3.text()).toBe("Too many connections from your address.\r\n");
    expect(server.connections).toBe(2);
    a.end();
    await waitFor(() => server.connections === 1, "a released");
    const d = await connectTestClient(port);
    await d.until((c) => c.text().includes("Welcome"), "d admitted after a left");
    b.end();
    d.end();
  });

  test("a client that never reads gets its output flushed once and the server's queue stays bounded", async () => {
    const softCap = 64 * 1024;
    const { server, seen, port } = start({ limits: { outputSoftCap: softCap, outputHardCap: 4 * softCap } });
    await using _ = server;
    const client = await connectTestClient(port, { paused: true });
    await waitFor(() => seen.conns.length === 1, "connection");
    const conn = seen.conns[0]!;
    const line = "x".repeat(1000);
    const runtime = server.runtime(conn.id)!;
    // Fill the kernel's buffers until our queue starts to hold bytes, then send twice the cap more.
    for (let i = 0; i < 100_000 && runtime.queuedBytes === 0; i++) conn.send(line);
    for (let i = 0; i < (2 * softCap) / line.length; i++) conn.send(line);
    expect(runtime.queuedBytes).toBeGreaterThan(0);
    expect(runtime.queuedBytes).toBeLessThanOrEqual(softCap);
    client.resume();
    await client.until((c) => c.text().includes("*** Output flushed ***"), "flush notice");
    expect(client.text().split("*** Output flushed ***").length).toBe(2);
    client.end();
  });

  test("an unauthenticated idle connection is closed; an authenticated one gets NOPs and stays", async () => {
    const { server, seen, timers, port } = start({ limits: { idleTimeoutMs: 60_000, keepaliveMs: 30_000 } });
    await using _ = server;
    const guest = await connectTestClient(port);
    const player = await connectTestClient(port);
    await guest.until((c) => c.text().includes("Welcome"), "guest");
    await player.until((c) => c.text().includes("Welcome"), "player");
    seen.conns[1]!.setAuthenticated(true);
    timers.advance(10 * 60_000);
    await guest.until((c) => c.closed, "guest closed");
    await player.until((c) => containsBytes(c.bytes(), [IAC, Cmd.NOP]), "NOP");
    expect(guest.text()).toContain("You were idle too long.");
    expect(player.closed).toBe(false);
    expect(seen.closes).toEqual(["idle"]);
    player.end();
  });

  test("a flood pauses reading, holds input to the line cap, and resumes when the bucket refills", async () => {
    const { server, seen, timers, port } = start({
      limits: {
        inputBytesPerSecond: 64 * 1024,
        inputBurstBytes: 4096,
        idleTimeoutMs: Number.MAX_SAFE_INTEGER,
      },
    });
    await using _ = server;
    const client = await connectTestClient(port);
    await client.until((c) => c.text().includes("Welcome"), "welcome");
    const id = seen.conns[0]!.id;
    client.writeAll(new Uint8Array(1024 * 1024).fill(65));
    client.writeAll("\r\nok\r\n");
    await waitFor(() => server.runtime(id)?.paused === true, "server paused");
    expect(seen.lines).toEqual([]);
    // Each advance lets the bucket refill; the server resumes, reads a little, and pauses again.
    for (let i = 0; i < 10_000 && !seen.lines.includes("ok"); i++) {
      timers.advance(60_000);
      await new Promise((r) => setImmediate(r));
    }
    expect(seen.lines).toEqual(["ok"]);
    await client.until((c) => c.text().includes("Line too long"), "line-too-long notice");
    client.end();
  });
});

describe("unauthenticated limits over loopback", () => {
  const ttypeIs = (name: string) => [IAC, SB, Opt.TTYPE, 0, ...Buffer.from(name), IAC, SE];

  test("a connection that streams TTYPE names before login is closed with a line at the negotiation cap", async () => {
    const { server, seen, port } = start({ limits: { maxProtocolEventsBeforeLogin: 200 } });
    await using _ = server;
    const client = await connectTestClient(port);
    await client.until((c) => c.text().includes("Welcome"), "welcome");
    // One write of exactly one event past the cap: the server reads it all before it closes, so the close is a
    // FIN after the goodbye line rather than a reset that could discard it.
    const names: number[] = [];
    for (let i = 0; i < 201; i++) names.push(...ttypeIs(`FLOOD-${i}`));
    client.write(names);
    await client.until((c) => c.closed, "closed");
    expect(client.text()).toContain("Too much telnet negotiation before login. Goodbye.");
    expect(seen.closes).toEqual(["limit"]);
    expect(seen.conns[0]?.capabilities.terminalTypes).toEqual([]);
  });

  test("the same stream from an authenticated connection is read, ignored, and the connection stays", async () => {
    const { server, seen, port } = start({ limits: { maxProtocolEventsBeforeLogin: 200 } });
    await using _ = server;
    const client = await connectTestClient(port);
    await client.until((c) => c.text().includes("Welcome"), "welcome");
    seen.conns[0]?.setAuthenticated(true);
    const names: number[] = [];
    for (let i = 0; i < 1000; i++) names.push(...ttypeIs(`FLOOD-${i}`));
    client.writeAll(Uint8Array.from([...names, ...Buffer.from("look\r\n")]));
    await waitFor(() => seen.lines.includes("look"), "the line after the stream");
    expect(client.closed).toBe(false);
    expect(seen.conns[0]?.capabilities.terminalTypes).toEqual([]);
    client.end();
  });

  test("a connection that has not logged in by the login deadline is closed, though it kept typing", async () => {
    const { server, seen, timers, port } = start({
      limits: { loginTimeoutMs: 5 * 60_000, idleTimeoutMs: 60 * 60_000 },
    });
    await using _ = server;
    const client = await connectTestClient(port);
    await client.until((c) => c.text().includes("Welcome"), "welcome");
    for (let minute = 1; minute < 5; minute++) {
      timers.advance(60_000);
      client.write(`still here ${minute}\r\n`);
      await waitFor(() => seen.lines.length === minute, `line ${minute}`);
    }
    expect(client.closed).toBe(false);
    timers.advance(60_000);
    await client.until((c) => c.closed, "closed at the deadline");
    expect(client.text()).toContain("You did not log in within 5 minutes. Goodbye.");
    expect(seen.closes).toEqual(["limit"]);
  });

  test("a connection that sends more lines than the cap before login is closed with a line", async () => {
    const { server, seen, port } = start({ limits: { maxLinesBeforeLogin: 5 } });
    await using _ = server;
    const client = await connectTestClient(port);
    await client.until((c) => c.text().includes("Welcome"), "welcome");
    client.write("1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7\r\n");
    await client.until((c) => c.closed, "closed");
    expect(client.text()).toContain("Too many lines before login. Goodbye.");
    expect(seen.lines).toEqual(["1", "2", "3", "4", "5"]);
  });

  test("past the global cap a connection is told the game is full and closed before any negotiation", async () => {
    const admission = createConnectionAdmission({ maxPerIp: 10, maxTotal: 2 });
    const { server, port } = start({ admission });
    await using _ = server;
    const a = await connectTestClient(port);
    const b = await connectTestClient(port);
    await a.until((c) => c.text().includes("Welcome"), "a");
    await b.until((c) => c.text().includes("Welcome"), "b");
    const third = await connectTestClient(port);
    await third.until((c) => c.closed, "third closed");
    expect(third.text()).toBe(
      "The game has all the connections it can take right now. Please try again later.\r\n",
    );
    a.end();
    await waitFor(() => admission.total === 1, "a's place given back");
    const d = await connectTestClient(port);
    await d.until((c) => c.text().includes("Welcome"), "d admitted after a left");
    b.end();
    d.end();
  });
});

describe("telnet over TLS", () => {
  const dir = mkdtempSync(join(tmpdir(), "holomush-telnet-tls-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a generated self-signed certificate serves telnet over TLS", async () => {
    const paths = await ensureSelfSignedCertificate(dir, manualClock(Date.now()));
    expect(paths.generated).toBe(true);
    expect((await ensureSelfSignedCertificate(dir, manualClock(Date.now()))).generated).toBe(false);
    const { server, seen, port } = start({ tls: readPemPair(paths) });
    await using _ = server;
    const client = await connectTestClient(port, { tls: true });
    await client.until((c) => c.text().includes("Welcome"), "welcome over TLS");
    expect(containsBytes(client.bytes(), offers)).toBe(true);
    expect(seen.conns[0]?.secure).toBe(true);
    client.end();
  });

  test("the per-IP cap counts plain and TLS connections together when the listeners share a counter", async () => {
    const paths = await ensureSelfSignedCertificate(dir, manualClock(Date.now()));
    const admission = createConnectionAdmission({ maxPerIp: 2, maxTotal: 1000 });
    const plain = start({ admission });
    const secure = start({ admission, tls: readPemPair(paths) });
    await using _plain = plain.server;
    await using _secure = secure.server;
    const a = await connectTestClient(plain.port);
    const b = await connectTestClient(secure.port, { tls: true });
    await a.until((c) => c.text().includes("Welcome"), "plain");
    await b.until((c) => c.text().includes("Welcome"), "TLS");
    for (const [port, tls] of [
      [plain.port, false],
      [secure.port, true],
    ] as const) {
      const refused = await connectTestClient(port, { tls });
      await refused.until((c) => c.closed, "refused");
      expect(refused.text()).toBe("Too many connections from your address.\r\n");
    }
    expect(admission.total).toBe(2);
    a.end();
    b.end();
  });
});
