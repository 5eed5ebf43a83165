import { afterAll, describe, expect, test } from "bun:test";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { enter, enterAsAdmin, startTestGame, typist } from "./test-support/game-harness.ts";

const log = collectingLogger().logger;

/** Types `line` until its output is `wanted` (another core's change arrives through NOTIFY), at most 200 times. */
async function until(
  type: (line: string) => Promise<{ output: readonly string[] }>,
  line: string,
  wanted: string[],
) {
  let output: readonly string[] = [];
  for (let tries = 0; tries < 200 && JSON.stringify(output) !== JSON.stringify(wanted); tries++)
    output = (await type(line)).output;
  return output;
}

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("permissions across cores");
describe.skipIf(!reachable)("permissions across two cores on one PostgreSQL", () => {
  const cleanup: AsyncDisposable[] = [];
  afterAll(async () => {
    await Promise.all(cleanup.map((c) => c[Symbol.asyncDispose]()));
  }, 30_000);

  async function twoCores() {
    const throwaway = await createThrowawayPgDatabase();
    cleanup.push(throwaway);
    const first = await openPostgresStores(throwaway.url, false, log);
    const second = await openPostgresStores(throwaway.url, false, log);
    const a = await startTestGame(first);
    const b = await startTestGame(second);
    // Disposed last-in first-out: the games before their stores.
    cleanup.push(first, second, a, b);
    const admin = await enterAsAdmin(a.client, "x1");
    const dave = await enter(b.client, "Dave", "d1");
    return {
      asAdmin: typist(a.client, admin.sessionId, "x1"),
      asDave: typist(b.client, dave.sessionId, "d1"),
    };
  }

  test("a role granted and taken back on one core decides the next command on the other", async () => {
    const { asAdmin, asDave } = await twoCores();
    expect((await asDave("dig Hall")).output).toEqual(["Only builders and admins may build."]);
    await asAdmin("role dave = builder");
    const dug = await until(asDave, "create lantern", ["Created lantern. You are holding it."]);
    expect(dug).toEqual(["Created lantern. You are holding it."]);
    await asAdmin("role dave = player");
    expect(await until(asDave, "create lantern", ["Only builders and admins may build."])).toEqual([
      "Only builders and admins may build.",
    ]);
  }, 30_000);

  test("a policy and a flag set on one core silence a character on the other", async () => {
    const { asAdmin, asDave } = await twoCores();
    expect((await asDave("say hello")).output).toEqual([]);
    const policy =
      'policy add muted-are-silent = forbid (principal, action == Action::"speak", resource) when { principal.flags.contains("muted") };';
    expect((await asAdmin(policy)).output[0]).toStartWith("Policy muted-are-silent");
    expect((await asAdmin("flag dave = muted")).output[0]).toContain("muted");
    expect(await until(asDave, "say hello", ["You may not speak here."])).toEqual([
      "You may not speak here.",
    ]);
    expect((await asAdmin("flag dave = !muted")).output[0]).toContain("muted");
    expect(await until(asDave, "say hello", [])).toEqual([]);
  }, 30_000);
});
