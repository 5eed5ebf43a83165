import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { summarize, watchConnection } from "./test-support/connection-reader.ts";
import { startTestGame, type TestStores } from "./test-support/game-harness.ts";

/** Opens the stores of one "core process"; disposing closes them like a process exit would. */
type OpenStores = () => Promise<TestStores & AsyncDisposable>;

const dir = mkdtempSync(join(tmpdir(), "holomush-game-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = collectingLogger().logger;

const embedded =
  (path: string): OpenStores =>
  () =>
    openEmbeddedStores(path, false, log);

const postgres =
  (url: string): OpenStores =>
  () =>
    openPostgresStores(url, false, log);

function restartSuite(name: string, open: () => Promise<OpenStores>) {
  test(`${name}: missed events and cursors survive a core restart`, async () => {
    const openStores = await open();
    const clock = manualClock();
    let aliceSession = "";
    let token = "";
    let bobSession = "";
    {
      await using stores = await openStores();
      await using t = await startTestGame(stores, {}, clock);
      const a = await t.client.register({ name: "Alice", password: "password1", clientAddress: "h:1" });
      const alice = (await t.client.selectCharacter({ loginTicket: a.loginTicket, connectionId: "a1" }))
        .session;
      const b = await t.client.register({ name: "Bob", password: "password1", clientAddress: "h:1" });
      const bob = (await t.client.selectCharacter({ loginTicket: b.loginTicket, connectionId: "b1" }))
        .session;
      aliceSession = alice?.sessionId ?? "";
      token = alice?.resumeToken ?? "";
      bobSession = bob?.sessionId ?? "";
      const out = await watchConnection(t.client, aliceSession, "a1");
      await out.skipReplay();
      await t.client.disconnect({ sessionId: aliceSession, connectionId: "a1" });
      await out.close();
      for (let i = 1; i <= 500; i++) {
        await t.client.handleCommand({
          sessionId: bobSession,
          connectionId: "b1",
          sequence: BigInt(i),
          line: `say ${i}`,
        });
      }
    }
    // A new core on the same store: Bob's connection is still recorded, Alice resumes with her token.
    await using stores = await openStores();
    await using t = await startTestGame(stores, {}, clock);
    const again = await t.client.handleCommand({
      sessionId: bobSession,
      connectionId: "b1",
      sequence: 500n,
      line: "say 500",
    });
    expect(again.duplicate).toBe(true);
    await t.client.resumeSession({ resumeToken: token, connectionId: "a2" });
    const out = await watchConnection(t.client, aliceSession, "a2");
    const items = summarize(await out.skipReplay());
    const says = Array.from({ length: 500 }, (_, i) => ({ event: "say", text: String(i + 1) }));
    expect(items).toEqual([
      // Alice's own disconnect and reconnect are left out of the replay.
      { replayStart: 500, skipped: 0 },
      ...says,
      { replayEnd: 500 },
    ]);
    await t.client.handleCommand({
      sessionId: bobSession,
      connectionId: "b1",
      sequence: 501n,
      line: "say live",
    });
    expect(summarize(await out.take(1))).toEqual([{ event: "say", text: "live" }]);
    await out.close();
  }, 30_000);
}

describe("core restart", () => {
  let n = 0;
  restartSuite("embedded", async () => embedded(join(dir, `game-${++n}.db`)));
});

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres game restart");
describe.skipIf(!reachable)("core restart on postgres", () => {
  const cleanup: AsyncDisposable[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c[Symbol.asyncDispose]();
  });
  restartSuite("postgres", async () => {
    const throwaway = await createThrowawayPgDatabase();
    cleanup.push(throwaway);
    return postgres(throwaway.url);
  });
});
