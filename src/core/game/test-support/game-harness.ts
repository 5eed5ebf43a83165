import { type Client, createClient, createRouterTransport } from "@connectrpc/connect";
import { createCoreHandlers } from "#core/rpc/core-handlers.ts";
import { coreServiceRoutes, createCoreService } from "#core/rpc/core-service.ts";
import { createEventEncoder, type EventEncoder } from "#core/rpc/proto-mapping.ts";
import type { CoreStores } from "#core/store/core-stores.ts";
import { memoryStores } from "#core/store/memory-stores.ts";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry, type MetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { type ManualClock, manualClock } from "#shared/util/clock.ts";
import { ulidSource } from "#shared/util/ids.ts";
import type { Timers } from "#shared/util/timers.ts";
import { createGame, type Game } from "../game.ts";
import type { GameConfig } from "../game-deps.ts";

/** Stores a test game runs on (memoryStores() by default); reuse them across two games to simulate a core restart. */
export type TestStores = Pick<
  CoreStores,
  "events" | "accounts" | "sessions" | "worldCheckpoints" | "channels"
>;

/** A game served over Connect's in-memory transport, for tests. */
export interface TestGame extends AsyncDisposable {
  readonly game: Game;
  readonly client: Client<typeof CoreService>;
  readonly clock: ManualClock;
  readonly metrics: MetricsRegistry;
  readonly logLines: () => Record<string, unknown>[];
  /** The handlers' event encoder, whose count shows how many events were encoded. */
  readonly encoder: EventEncoder;
}

/**
 * The game config of tests: cheap hashing, a known admin password, no sweep timer, and registration and page
 * limits far above what a test uses (the tests of those limits set their own).
 */
export const testGameConfig: GameConfig = {
  sessionTtlMs: 24 * 3_600_000,
  replayLimit: 1000,
  adminPassword: "admin-password",
  hasher: { memoryCost: 1024, timeCost: 1 },
  sweepIntervalMs: 0,
  registrations: { perAddressPerHour: 10_000, perHour: 10_000 },
  privateRate: { burst: 10_000, refillMs: 1 },
};

/** Starts a game on `stores` with cheap hashing and serves it in memory; real timers unless `timers` is given. */
export async function startTestGame(
  stores: TestStores = memoryStores(),
  config: Partial<GameConfig> = {},
  clock: ManualClock = manualClock(),
  timers?: Timers,
): Promise<TestGame> {
  const { logger, lines } = collectingLogger();
  const metrics = createMetricsRegistry();
  const game = await createGame({
    events: stores.events,
    accounts: stores.accounts,
    sessions: stores.sessions,
    worldCheckpoints: stores.worldCheckpoints,
    channels: stores.channels,
    clock,
    newId: ulidSource(clock.now),
    log: logger,
    metrics,
    config: { ...testGameConfig, ...config },
    ...(timers ? { timers } : {}),
  });
  const encoder = createEventEncoder();
  const impl = createCoreService(
    { gameId: "G", build: { version: "0", commit: "dev" }, clock, startedAt: 0 },
    createCoreHandlers({ ...game.parts, log: logger, encoder }),
  );
  const client = createClient(CoreService, createRouterTransport(coreServiceRoutes(impl)));
  return {
    game,
    client,
    clock,
    metrics,
    logLines: lines,
    encoder,
    [Symbol.asyncDispose]: () => game[Symbol.asyncDispose](),
  };
}

/** Registers `name` and enters the game as its first character on `connectionId`; returns the session. */
export async function enter(
  client: Client<typeof CoreService>,
  name: string,
  connectionId: string,
  password = "password1",
) {
  const registered = await client.register({ name, password, clientAddress: "127.0.0.1:1" });
  const { session } = await client.selectCharacter({ loginTicket: registered.loginTicket, connectionId });
  if (!session) throw new Error("no session");
  return session;
}

/** Logs in as the test game's admin and enters as its character on `connectionId`; returns the session. */
export async function enterAsAdmin(client: Client<typeof CoreService>, connectionId: string) {
  const admin = await client.authenticate({
    name: "admin",
    password: "admin-password",
    clientAddress: "h:1",
  });
  const { session } = await client.selectCharacter({ loginTicket: admin.loginTicket, connectionId });
  if (!session) throw new Error("no admin session");
  return session;
}

/** Types lines on a connection with increasing sequence numbers. */
export function typist(client: Client<typeof CoreService>, sessionId: string, connectionId: string) {
  let sequence = 0n;
  return (line: string) => client.handleCommand({ sessionId, connectionId, sequence: ++sequence, line });
}
