import { expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, createRouterTransport } from "@connectrpc/connect";
import type { StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { createGame } from "#core/game/game.ts";
import { testGameConfig } from "#core/game/test-support/game-harness.ts";
import { createCoreHandlers } from "#core/rpc/core-handlers.ts";
import { coreServiceRoutes, createCoreService } from "#core/rpc/core-service.ts";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { builtinPlugins } from "#plugins/builtin-plugins.ts";
import { createGamePlugins } from "#plugins/game-plugins.ts";
import { defaultPluginHostConfig } from "#plugins/plugin-host-config.ts";
import type { PluginSource } from "#plugins/plugin-source.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { systemClock } from "#shared/util/clock.ts";
import { ulidSource } from "#shared/util/ids.ts";
import { guest, lit } from "./guest-modules.ts";
import { testSource } from "./plugin-test-host.ts";

// At most once for plugin commands: a core that dies after a plugin's events are
// durable but before the command is recorded as done re-runs the command on the retry, with the same
// event ids, so the store keeps the first events and no plugin sees them twice.

/** Emits one `seen` event for every pose it is handed, so deliveries can be counted in the store. */
function watcher(): PluginSource {
  const seen = { at: 0, text: '{"stream":"location:lobby","type":"seen","payload":{}}' };
  const wasm = guest("", { data: [seen] }, `(drop (call $emit (call $block ${lit(seen)})))`);
  return testSource("watcher", wasm, {
    commands: [],
    subscriptions: [{ types: ["pose"], streams: ["location:*"] }],
    capabilities: ["events.subscribe.location:*", "events.emit.location:*"],
  });
}

/** One "core process" over the embedded store in `dir`; `crash` makes it die before recording a command done. */
async function startCore(dir: string, sources: readonly PluginSource[], crash = false) {
  const { logger } = collectingLogger();
  const clock = systemClock();
  const store = await openEmbeddedStores(join(dir, "holomush.db"), false, logger);
  const sessions = crash
    ? {
        ...store.sessions,
        completeCommand: async () => {
          throw new Error("the core died before recording the command");
        },
      }
    : store.sessions;
  const game = await createGame({
    events: store.events,
    accounts: store.accounts,
    worldCheckpoints: store.worldCheckpoints,
    channels: store.channels,
    sessions,
    clock,
    newId: ulidSource(clock.now),
    log: logger,
    metrics: createMetricsRegistry(),
    config: { ...testGameConfig, sessionTtlMs: 3_600_000 },
    plugins: {
      factory: (ports) =>
        createGamePlugins({ ports, config: defaultPluginHostConfig, sources: async () => [...sources] }),
      kv: store.pluginData,
    },
  });
  const impl = createCoreService(
    { gameId: "G", build: { version: "0", commit: "dev" }, clock, startedAt: 0 },
    createCoreHandlers({ ...game.parts, log: logger }),
  );
  return {
    client: createClient(CoreService, createRouterTransport(coreServiceRoutes(impl))),
    events: store.events,
    async [Symbol.asyncDispose]() {
      await game[Symbol.asyncDispose]();
      await store[Symbol.asyncDispose]();
    },
  };
}

/** Waits, on the store's live feed, for an event after `position` that matches. */
async function waitFor(events: EventStore, position: number, match: (e: StoredEvent) => boolean) {
  const stop = new AbortController();
  for await (const e of events.subscribe(position, stop.signal)) if (match(e)) break;
  stop.abort();
}

const isRoll = (e: StoredEvent) => e.type === "pose" && e.actor.kind === "plugin" && e.actor.id === "dice";
const isSeen = (e: StoredEvent) => e.type === "seen";
const inLobby = async (events: EventStore, match: (e: StoredEvent) => boolean) =>
  (await events.replay("location:lobby", 0, 10_000)).filter(match);

test("a roll retried after a core crash is posed once, delivered once, and the player sees the first", async () => {
  const dir = mkdtempSync(join(tmpdir(), "holomush-retry-"));
  const sources = [...(await builtinPlugins()), watcher()];
  const roll = { sessionId: "", connectionId: "a1", sequence: 1n, line: "roll 3d6" };
  let first: StoredEvent | undefined;
  try {
    {
      await using core = await startCore(dir, sources, true);
      const r = await core.client.register({ name: "Alice", password: "password1", clientAddress: "h:1" });
      const s = await core.client.selectCharacter({ loginTicket: r.loginTicket, connectionId: "a1" });
      roll.sessionId = s.session?.sessionId ?? "";
      await expect(core.client.handleCommand(roll)).rejects.toThrow();
      await waitFor(core.events, 0, isSeen);
      [first] = await inLobby(core.events, isRoll);
    }
    await using core = await startCore(dir, sources);
    const retried = await core.client.handleCommand(roll);
    expect({ output: retried.output, duplicate: retried.duplicate }).toEqual({
      output: [],
      duplicate: false,
    });
    expect(await inLobby(core.events, isRoll)).toEqual([first as StoredEvent]);
    expect((await core.client.handleCommand(roll)).duplicate).toBe(true);

    // Plugins get events in position order, one at a time: once the watcher has seen a later roll, it
    // would already have seen the retried one again, had the re-append reached the feed.
    await core.client.handleCommand({ ...roll, sequence: 2n });
    const rolls = await inLobby(core.events, isRoll);
    expect(rolls).toHaveLength(2);
    await waitFor(core.events, rolls[1]?.position ?? 0, isSeen);
    expect(await inLobby(core.events, isSeen)).toHaveLength(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
