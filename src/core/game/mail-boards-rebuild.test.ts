import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@connectrpc/connect";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import type { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { createThrowawayPgDatabase, postgresAvailable } from "#test/support/pg-database.ts";
import { rebuildMailBoards } from "./mail-boards-layer.ts";
import { enter, enterAsAdmin, startTestGame, type TestStores, typist } from "./test-support/game-harness.ts";

type OpenStores = () => Promise<TestStores & AsyncDisposable>;

const dir = mkdtempSync(join(tmpdir(), "holomush-mail-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const log = collectingLogger().logger;

/** Lines a character types, in order, with the clock moved a minute before each. */
const script: readonly (readonly [string, string])[] = [
  ["admin", "bb create News"],
  ["admin", "bb create Staff = builders/builders"],
  ["Alice", "mail send Bob Carol nobody = Tea/Tea at four?%rBring cake."],
  ["Bob", "mail 1"],
  ["Bob", "mail reply 1 = Gladly."],
  ["Carol", "mail forward 1 = Bob"],
  ["Bob", "mail/file 2 = Friends"],
  ["Alice", "mail/draft Bob = Plans"],
  ["Alice", "-First the map,"],
  ["Alice", "-then the key."],
  ["Alice", "mail/send"],
  ["Bob", "mail delete 1"],
  ["Carol", "mail/draft Alice = Unfinished"],
  ["Carol", "-still writing"],
  ["Alice", "bb post News = Fair/On Saturday."],
  ["Bob", "bb read News/1"],
  ["Bob", "bb reply News/1 = I will come."],
  ["Alice", "bb edit News/1 = On Sunday instead."],
  ["Alice", "bb post News = Lost cat/Grey, answers to Tom."],
  ["Alice", "bb remove News/3"],
  ["admin", "bb post Staff = Meeting/Noon."],
  ["admin", "bb destroy Staff"],
  ["admin", "bb create Staff"],
];

/** What each character sees of their mail and the boards: the same on every store for the same script. */
const views: readonly (readonly [string, string])[] = [
  ["Alice", "mail"],
  ["Alice", "mail/folder"],
  ["Bob", "mail"],
  ["Bob", "mail/folder Friends"],
  ["Carol", "mail/proof"],
  ["Bob", "bb"],
  ["Bob", "bb read News"],
  ["Carol", "bb read News/1"],
  ["admin", "bb"],
];

type Typists = Record<string, (line: string) => Promise<readonly string[]>>;

async function login(client: Client<typeof CoreService>, name: string, connectionId: string) {
  const password = name === "admin" ? "admin-password" : "password1";
  const auth = await client.authenticate({ name, password, clientAddress: "h:1" });
  const { session } = await client.selectCharacter({ loginTicket: auth.loginTicket, connectionId });
  return session?.sessionId ?? "";
}

const typists = (
  client: Client<typeof CoreService>,
  sessions: Record<string, string>,
  connection: string,
): Typists =>
  Object.fromEntries(
    Object.entries(sessions).map(([name, id]) => {
      const type = typist(client, id, `${name}-${connection}`);
      return [name, async (line: string) => (await type(line)).output];
    }),
  );

/** Plays the script on fresh stores, checks the rebuild and a restart, and returns what the views show. */
async function playAndView(open: OpenStores): Promise<string[][]> {
  const clock = manualClock(1_767_000_000_000);
  let live: unknown;
  {
    await using stores = await open();
    await using t = await startTestGame(stores, {}, clock);
    const sessions: Record<string, string> = { admin: (await enterAsAdmin(t.client, "admin-c")).sessionId };
    for (const name of ["Alice", "Bob", "Carol"])
      sessions[name] = (await enter(t.client, name, `${name}-c`)).sessionId;
    const as = typists(t.client, sessions, "c");
    for (const [who, line] of script) {
      clock.advance(60_000);
      await as[who]?.(line);
    }
    live = t.game.mailBoards.snapshot();
    expect(await rebuildMailBoards(stores.events)).toEqual(live as never);
  }
  await using stores = await open();
  await using t = await startTestGame(stores, {}, clock);
  expect(t.game.mailBoards.snapshot()).toEqual(live as never);
  const sessions: Record<string, string> = {};
  for (const name of ["admin", "Alice", "Bob", "Carol"])
    sessions[name] = await login(t.client, name, `${name}-r`);
  const as = typists(t.client, sessions, "r");
  const shown: string[][] = [];
  for (const [who, line] of views) shown.push([who, line, ...((await as[who]?.(line)) ?? [])]);
  return shown;
}

const results: Record<string, string[][]> = {};
const reachable = await postgresAvailable("postgres mail and boards rebuild");

describe("mailboxes and boards rebuilt from events alone", () => {
  test("embedded: the rebuild and a restart hold what the live game held", async () => {
    results.embedded = await playAndView(() => openEmbeddedStores(join(dir, "mail.db"), false, log));
    expect(results.embedded.find(([, line]) => line === "bb read News")?.slice(2, 3)).toEqual([
      "News: 2 posts, 0 unread.",
    ]);
    expect(results.embedded.find(([, line]) => line === "mail/proof")?.slice(2)).toEqual([
      "To: Alice",
      "Subject: Unfinished",
      "-".repeat(60),
      "still writing",
      "-".repeat(60),
    ]);
  }, 30_000);

  test.skipIf(!reachable)(
    "postgres: the same, and every mailbox and board reads exactly as on the embedded store",
    async () => {
      await using database = await createThrowawayPgDatabase();
      const postgres = await playAndView(() => openPostgresStores(database.url, false, log));
      expect(postgres).toEqual(results.embedded ?? []);
    },
    30_000,
  );
});
