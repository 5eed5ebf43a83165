import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient, createRouterTransport } from "@connectrpc/connect";
import { createGame, type Game } from "#core/game/game.ts";
import { type ConnectionReader, watchConnection } from "#core/game/test-support/connection-reader.ts";
import { testGameConfig } from "#core/game/test-support/game-harness.ts";
import type { CorePlugins } from "#core/plugin-bridge/core-plugins.ts";
import { createCoreHandlers } from "#core/rpc/core-handlers.ts";
import { coreServiceRoutes, createCoreService } from "#core/rpc/core-service.ts";
import type { CoreStores } from "#core/store/core-stores.ts";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { ActorKind, CoreService, type Event } from "#gen/holomush/core/v1/core_pb.ts";
import { createGamePlugins } from "#plugins/game-plugins.ts";
import { defaultPluginHostConfig, type PluginHostConfig } from "#plugins/plugin-host-config.ts";
import type { PluginSource } from "#plugins/plugin-source.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { systemClock } from "#shared/util/clock.ts";
import { ulidSource } from "#shared/util/ids.ts";

// A live core in-process: the real embedded store on a temporary file, the game with its plugin host
// linked the way `holomush core` links it, served over Connect's in-memory transport.

type CoreClient = Client<typeof CoreService>;

/** A logged-in character with its output, read from a feed of its own. */
export interface LivePlayer {
  readonly name: string;
  readonly sessionId: string;
  readonly characterId: string;
  /** Runs a command line; resolves with the reply lines, rejects with the ConnectError. */
  command(line: string): Promise<string[]>;
  /** Reads the output until an event matches; every event read on the way is kept in `seen`. */
  until(match: (e: Event) => boolean): Promise<Event>;
  readonly seen: Event[];
}

/** The live game of a test. */
export interface LiveGame extends AsyncDisposable {
  readonly game: Game;
  readonly plugins: CorePlugins;
  readonly store: CoreStores;
  readonly logLines: () => Record<string, unknown>[];
  enter(name: string): Promise<LivePlayer>;
  /** Logs in the admin account made at first start. */
  admin(): Promise<LivePlayer>;
}

/** Starts a live game whose plugins are `sources`, with `config` over the host defaults. */
export async function startLiveGame(
  sources: readonly PluginSource[],
  config: Partial<PluginHostConfig> = {},
): Promise<LiveGame> {
  const dir = mkdtempSync(join(tmpdir(), "holomush-live-"));
  const { logger, lines } = collectingLogger();
  const clock = systemClock();
  const store = await openEmbeddedStores(join(dir, "holomush.db"), false, logger);
  const hostConfig: PluginHostConfig = { ...defaultPluginHostConfig, ...config };
  const game = await createGame({
    events: store.events,
    accounts: store.accounts,
    sessions: store.sessions,
    worldCheckpoints: store.worldCheckpoints,
    channels: store.channels,
    clock,
    newId: ulidSource(clock.now),
    log: logger,
    metrics: createMetricsRegistry(),
    config: { ...testGameConfig, sessionTtlMs: 3_600_000 },
    plugins: {
      factory: (ports) => createGamePlugins({ ports, config: hostConfig, sources: async () => [...sources] }),
      kv: store.pluginData,
    },
  });
  const impl = createCoreService(
    { gameId: "G", build: { version: "0", commit: "dev" }, clock, startedAt: 0 },
    createCoreHandlers({ ...game.parts, log: logger }),
  );
  const client = createClient(CoreService, createRouterTransport(coreServiceRoutes(impl)));
  const outputs: Promise<ConnectionReader>[] = [];
  let connections = 0;

  const attach = async (ticket: string): Promise<LivePlayer> => {
    const connectionId = `conn-${++connections}`;
    const { session } = await client.selectCharacter({ loginTicket: ticket, connectionId });
    if (!session?.character) throw new Error("no session");
    const c = session.character;
    return player(client, session.sessionId, c.id, c.name, connectionId, outputs);
  };
  const plugins = game.plugins;
  if (!plugins) throw new Error("the game has no plugins");
  return {
    game,
    plugins,
    store,
    logLines: lines,
    async enter(name) {
      const r = await client.register({ name, password: "password1", clientAddress: "127.0.0.1:1" });
      return attach(r.loginTicket);
    },
    async admin() {
      const r = await client.authenticate({
        name: "admin",
        password: "admin-password",
        clientAddress: "127.0.0.1:1",
      });
      return attach(r.loginTicket);
    },
    async [Symbol.asyncDispose]() {
      for (const o of outputs) await (await o).close();
      await game[Symbol.asyncDispose]();
      await store[Symbol.asyncDispose]();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function player(
  client: CoreClient,
  sessionId: string,
  characterId: string,
  name: string,
  connectionId: string,
  outputs: Promise<ConnectionReader>[],
): LivePlayer {
  // Watched on the first read: the session replays from its cursor, so nothing is missed.
  let out: Promise<ConnectionReader> | undefined;
  const open = () => {
    if (out) return out;
    out = watchConnection(client, sessionId, connectionId);
    outputs.push(out);
    return out;
  };
  const seen: Event[] = [];
  let sequence = 0n;
  return {
    name,
    sessionId,
    characterId,
    seen,
    async command(line) {
      sequence += 1n;
      const r = await client.handleCommand({ sessionId, connectionId, sequence, line });
      return [...r.output];
    },
    async until(match) {
      for (;;) {
        const [next] = await (await open()).take(1);
        if (!next) throw new Error(`${name}'s output ended`);
        if (next.item.case !== "event") continue;
        seen.push(next.item.value);
        if (match(next.item.value)) return next.item.value;
      }
    },
  };
}

/** True when `e` was written by the plugin `name`. */
export function fromPlugin(e: Event, name: string): boolean {
  return e.actor?.kind === ActorKind.PLUGIN && e.actor.id === name;
}

/** An event's payload `text`, or "". */
export function textOf(e: Event): string {
  return String(eventPayload(e).text ?? "");
}
