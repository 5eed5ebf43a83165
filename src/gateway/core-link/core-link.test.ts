import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { waitFor } from "#gateway/telnet/telnet-test-client.ts";
import { CoreService, PingResponseSchema } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { CORE_WIRE } from "#shared/rpc/core-wire.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createCoreLink } from "./core-link.ts";
import type { CoreLinkState } from "./core-link-state.ts";
import { waitForLinkState } from "./wait-for-link-state.ts";

const gameId = "01JLINKTEST000000000000000";

function harness(options: { identityError?: string } = {}) {
  const core = { up: true, slow: false, gameId, pings: 0, wire: CORE_WIRE };
  const transport = createRouterTransport(({ service }) => {
    service(CoreService, {
      ping: () => {
        core.pings++;
        if (!core.up) throw new ConnectError("connect ECONNREFUSED 127.0.0.1:9000", Code.Unavailable);
        if (core.slow) throw new ConnectError("the operation timed out", Code.DeadlineExceeded);
        return create(PingResponseSchema, {
          gameId: core.gameId,
          version: "1.2.3",
          commit: "c0ffee",
          uptime: durationFromMs(5000),
          wire: core.wire,
        });
      },
    });
  });
  const clock = manualClock(1_800_000_000_000);
  const timers = manualTimers(clock);
  const log = collectingLogger();
  const states: CoreLinkState["kind"][] = [];
  let identityError = options.identityError;
  const link = createCoreLink({
    coreAddr: "127.0.0.1:9000",
    gameId,
    client: createClient(CoreService, transport),
    takeIdentityError: () => {
      const taken = identityError;
      identityError = undefined;
      return taken;
    },
    clock,
    timers,
    random: () => 0.5,
    log: log.logger,
    healthIntervalMs: 5000,
  });
  link.onStateChange((s) => states.push(s.kind));
  const is = (kind: CoreLinkState["kind"]) => waitForLinkState(link, (s) => s.kind === kind);
  /** Runs the next health check and waits until its ping was answered and the next check scheduled. */
  const checkOnce = async () => {
    const before = core.pings;
    timers.fireNext();
    await waitFor(() => core.pings > before && timers.pending().length > 0, "the next health check");
  };
  return { core, link, clock, timers, log, states, is, checkOnce, [Symbol.asyncDispose]: () => link.close() };
}

/** A harness whose link already reached the core. */
async function readyHarness() {
  const h = harness();
  await h.is("ready");
  return h;
}

describe("createCoreLink", () => {
  test("a reachable core makes the link ready and the status say connected", async () => {
    await using h = await readyHarness();
    expect(h.link.status()).toEqual({
      state: "connected",
      summary: "core: connected",
      coreAddr: "127.0.0.1:9000",
      since: new Date(1_800_000_000_000).toISOString(),
      attempt: 0,
      core: { gameId, version: "1.2.3", commit: "c0ffee", uptimeMs: 5000 },
    });
  });

  test("an unreachable core moves to backoff with gRPC's growing delays", async () => {
    await using h = harness();
    h.core.up = false;
    await h.is("backoff");
    expect(h.link.status()).toMatchObject({
      state: "backoff",
      summary: "core: backoff, retry in 1s",
      retryInMs: 1000,
      lastError: "[unavailable] connect ECONNREFUSED 127.0.0.1:9000",
    });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      delays.push(h.timers.pending()[0]!);
      h.timers.fireNext();
      await h.is("connecting");
      await h.is("backoff");
    }
    expect(delays).toEqual([1000, 1600, 2560]);
    expect(h.link.status().summary).toBe("core: backoff, retry in 5s");
  });

  test("a core of an older wire revision is not used until it matches, and the status names what to restart", async () => {
    await using h = harness();
    h.core.wire = 0;
    await h.is("backoff");
    expect(h.link.status()).toMatchObject({
      state: "backoff",
      lastError: `the core speaks core-link revision 1 and this gateway ${CORE_WIRE}: restart the core with the same holomush binary as the other`,
    });
    h.core.wire = CORE_WIRE;
    h.timers.fireNext();
    await h.is("ready");
  });

  test("the link recovers when the core comes back during backoff", async () => {
    await using h = harness();
    h.core.up = false;
    await h.is("backoff");
    h.core.up = true;
    h.timers.fireNext();
    await h.is("ready");
    expect(h.states).toEqual(["backoff", "connecting", "ready"]);
  });

  test("a ready link that loses the core reconnects, backs off, and comes back", async () => {
    await using h = await readyHarness();
    h.core.up = false;
    h.timers.fireNext();
    await h.is("backoff");
    h.core.up = true;
    h.timers.fireNext();
    await h.is("ready");
    expect(h.states).toEqual(["ready", "connecting", "backoff", "connecting", "ready"]);
    expect(h.log.lines().map((l) => l.level)).toEqual(["info", "warn", "warn", "info"]);
  });

  test("a reported stream failure makes a ready link check the core at once", async () => {
    await using h = await readyHarness();
    const before = h.core.pings;
    h.link.reportFailure(new Error("stream ended"));
    expect(h.link.state().kind).toBe("connecting");
    await h.is("ready");
    expect(h.core.pings).toBe(before + 1);
  });

  test("a busy core whose pings time out twice in a row stays ready, and an answer resets the count", async () => {
    await using h = await readyHarness();
    h.core.slow = true;
    await h.checkOnce();
    await h.checkOnce();
    h.core.slow = false;
    await h.checkOnce();
    h.core.slow = true;
    await h.checkOnce();
    await h.checkOnce();
    expect(h.link.state().kind).toBe("ready");
    expect(h.states).toEqual(["ready"]);
    expect(h.log.lines().filter((l) => l.level === "warn")).toHaveLength(4);
  });

  test("three pings timing out in a row declare the core lost", async () => {
    await using h = await readyHarness();
    h.core.slow = true;
    await h.checkOnce();
    await h.checkOnce();
    h.timers.fireNext();
    await h.is("backoff");
    expect(h.states).toEqual(["ready", "connecting", "backoff"]);
    expect(h.link.status().lastError).toBe("[deadline_exceeded] the operation timed out");
  });

  test("a refused connection declares a ready core lost at the first failed ping", async () => {
    await using h = await readyHarness();
    h.core.up = false;
    h.timers.fireNext();
    await h.is("backoff");
    expect(h.states).toEqual(["ready", "connecting", "backoff"]);
  });

  test("a core serving another game is refused", async () => {
    await using h = harness();
    h.core.gameId = "01JSOMEOTHERGAME0000000000";
    await h.is("backoff");
    expect(h.link.status().lastError).toBe(
      `core at 127.0.0.1:9000 serves game 01JSOMEOTHERGAME0000000000 (expected ${gameId})`,
    );
  });

  test("a certificate identity failure is what the status reports", async () => {
    const message = "core at 127.0.0.1:9000 has a certificate for another game (expected holomush-x)";
    await using h = harness({ identityError: message });
    h.core.up = false;
    await h.is("backoff");
    expect(h.link.status().lastError).toBe(message);
    expect(String(h.log.lines()[0]?.msg)).toContain(message);
  });

  test("a closed link schedules nothing more", async () => {
    await using h = await readyHarness();
    await h.link.close();
    expect(h.timers.pending()).toEqual([]);
  });
});
