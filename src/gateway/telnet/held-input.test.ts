import { expect, test } from "bun:test";
import { createConnectionAdmission } from "#gateway/connection-admission.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { manualTimers } from "#shared/util/timers.ts";
import type { TelnetConnection } from "./connection-types.ts";
import { startTelnetServer } from "./telnet-server.ts";
import { telnetServerConfig } from "./telnet-server-config.ts";
import { connectTestClient, waitFor } from "./telnet-test-client.ts";

/** A server whose handler holds input on every line `holds` picks, until the test releases it. */
function start(holds: (line: string) => boolean) {
  const clock = manualClock();
  const timers = manualTimers(clock);
  const lines: string[] = [];
  const held: PromiseWithResolvers<void>[] = [];
  const conns: TelnetConnection[] = [];
  const server = startTelnetServer(
    telnetServerConfig({
      port: 0,
      limits: { inputBytesPerTurn: 4096, idleTimeoutMs: Number.MAX_SAFE_INTEGER },
    }),
    {
      clock,
      timers,
      logger: collectingLogger().logger,
      newId: sequentialIds("c"),
      mssp: () => ({}),
      admission: createConnectionAdmission({ maxPerIp: 10, maxTotal: 100 }),
      onConnection(conn) {
        conns.push(conn);
        conn.send("Welcome.");
        return {
          onLine(line) {
            lines.push(line);
            // As the login flow does: past the login line the before-login caps no longer apply.
            if (line.startsWith("connect ")) conn.setAuthenticated(true);
            if (!holds(line)) return;
            const hold = Promise.withResolvers<void>();
            held.push(hold);
            return hold.promise;
          },
          onClose: () => {},
        };
      },
    },
  );
  /** Runs the parse continuations of later event-loop turns (manual timers) and lets I/O happen. */
  const turn = async () => {
    timers.advance(0);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { server, lines, held, conns, turn, port: server.address.port };
}

test("a held line pauses reading; the 2,000-line paste behind it then arrives whole, once, in order", async () => {
  const t = start((line) => line === "connect alice pw" || line.endsWith("500"));
  await using _ = t.server;
  const client = await connectTestClient(t.port);
  await client.until((c) => c.text().includes("Welcome."), "welcome");
  const paste = Array.from({ length: 2000 }, (_, i) => `say line ${i + 1}`);
  client.writeAll(`connect alice pw\r\n${paste.join("\r\n")}\r\n`);
  await waitFor(() => t.lines.length === 1, "the held line");
  const runtime = t.server.runtime(t.conns[0]?.id ?? "");
  await waitFor(() => runtime?.paused === true, "reading to pause");
  expect(t.lines).toEqual(["connect alice pw"]);
  for (let i = 0; i < 10_000 && t.lines.length < 2001; i++) {
    for (const hold of t.held.splice(0)) hold.resolve();
    await t.turn();
  }
  expect(t.lines).toEqual(["connect alice pw", ...paste]);
  await waitFor(() => runtime?.paused === false, "reading to resume");
  expect(runtime?.bufferedInputBytes).toBe(0);
  client.end();
});
