import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { charStream } from "#core/events/event.ts";
import { memoryStores } from "#core/store/memory-stores.ts";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { openPostgresStores } from "#core/store/open-postgres-stores.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { enter, enterAsAdmin, startTestGame, type TestStores, typist } from "./test-support/game-harness.ts";

type OpenStores = () => Promise<TestStores & AsyncDisposable>;
const log = collectingLogger().logger;
const dir = mkdtempSync(join(tmpdir(), "holomush-locks-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Alice, a builder, digs a Tavern with a way Back to the lobby and a tankard; Bob and Carol stand in it too. */
async function tavern(stores: TestStores) {
  const t = await startTestGame(stores);
  const names = ["alice", "bob", "carol"] as const;
  const sessions = await Promise.all(names.map((n) => enter(t.client, n[0]?.toUpperCase() + n.slice(1), n)));
  const admin = await enterAsAdmin(t.client, "x1");
  const as = {
    alice: typist(t.client, sessions[0]?.sessionId ?? "", "alice"),
    bob: typist(t.client, sessions[1]?.sessionId ?? "", "bob"),
    carol: typist(t.client, sessions[2]?.sessionId ?? "", "carol"),
    admin: typist(t.client, admin.sessionId, "x1"),
  };
  const say = async (who: keyof typeof as, line: string) => (await as[who](line)).output;
  for (const who of ["alice", "carol"]) await say("admin", `role ${who} = builder`);
  await say("alice", "dig Tavern");
  for (const who of ["alice", "bob", "carol", "me"]) await say("admin", `teleport ${who} = Tavern`);
  for (const line of ["create tankard", "drop tankard", "open Back;b = lobby"]) await say("alice", line);
  /** Goes Back to the lobby and, when that worked, returns to the Tavern; the output of the `go`. */
  const goBack = async (who: "bob" | "carol") => {
    const out = await say(who, "go back");
    if (out.length === 0) await say("admin", `teleport ${who} = Tavern`);
    return out;
  };
  const ids = Object.fromEntries(names.map((n, i) => [n, sessions[i]?.character?.id ?? ""]));
  /** What `look <thing>` showed `who`: the look_at event on their own stream. */
  const lookAt = async (who: "alice" | "carol", thing: string) => {
    await say(who, `look ${thing}`);
    const mine = await stores.events.replay(charStream(ids[who] ?? ""), 0, 1000);
    return mine.filter((e) => e.type === "look_at").at(-1)?.payload;
  };
  return { t, say, goBack, lookAt };
}

function lockSuite(name: string, open: () => Promise<OpenStores>) {
  test(`${name}: an exit locked to flag:member lets members through and shows others its fail message`, async () => {
    await using stores = await (await open())();
    const { t, say, goBack, lookAt } = await tavern(stores);
    await using _game = t;
    expect(await say("alice", "lock back = flag:member")).toEqual(["Locked Back: flag:member"]);
    expect(await say("alice", "lock/fail back = Members only, friend.")).toEqual([
      "Back has a fail message now.",
    ]);
    expect(await say("admin", "flag bob = member")).toEqual(["Bob is now member."]);
    expect(await goBack("bob")).toEqual([]);
    expect(await goBack("carol")).toEqual(["Members only, friend."]);
    expect(await say("alice", "lock back")).toEqual([
      "Back is locked: flag:member",
      "Fail message: Members only, friend.",
    ]);
    // Looking at it shows the lock to its owner, and not to Carol.
    expect(await lookAt("alice", "back")).toMatchObject({
      lock: "flag:member",
      lockFail: "Members only, friend.",
    });
    expect(await lookAt("carol", "back")).not.toHaveProperty("lock");
    const [test1, why] = await say("admin", "policy test carol enter back");
    expect(test1).toBe("Carol enter back: denied.");
    expect(why).toMatch(/^Why: forbidden by lock-exit-[a-z0-9]+\.$/);
    expect((await say("admin", "policy test carol enter back"))[2]).toMatch(
      /^lock-exit-[a-z0-9]+ is the lock of Back: flag:member$/,
    );
    // The refusal is audited with the lock's policy id, as every denial is.
    const audit = await stores.events.replay("audit", 0, 100);
    const denial = audit.find((e) => e.payload.action === "enter" && e.payload.allowed === false);
    expect(String((denial?.payload.policies as string[] | undefined)?.[0])).toStartWith("lock-exit-");
  });

  test(`${name}: a !flag:banned lock on an object stops the banned from picking it up, and only them`, async () => {
    await using stores = await (await open())();
    const { t, say } = await tavern(stores);
    await using _game = t;
    expect(await say("alice", "lock tankard = !flag:banned")).toEqual(["Locked tankard: !flag:banned"]);
    await say("admin", "flag carol = banned");
    expect(await say("carol", "get tankard")).toEqual(["You may not pick up tankard."]);
    expect(await say("bob", "get tankard")).toEqual([]);
    expect(await say("bob", "inventory")).toEqual(["You are carrying:", "  tankard"]);
  });

  test(`${name}: lock changes apply at once: a new lock, a changed one, and an unlock`, async () => {
    await using stores = await (await open())();
    const { t, say, goBack } = await tavern(stores);
    await using _game = t;
    expect(await goBack("bob")).toEqual([]);
    await say("alice", "lock back = char:Carol | role:admin");
    expect(await goBack("bob")).toEqual(["You may not go through Back."]);
    expect(await goBack("carol")).toEqual([]);
    await say("alice", "lock back = char:Bob");
    expect(await goBack("carol")).toEqual(["You may not go through Back."]);
    expect(await goBack("bob")).toEqual([]);
    expect(await say("alice", "unlock back")).toEqual(["Unlocked Back."]);
    expect(await goBack("carol")).toEqual([]);
    expect(await say("alice", "unlock back")).toEqual(["Back is not locked."]);
    const stored = await stores.events.replay("policy", 0, 10);
    expect(stored.map((e) => e.type)).toEqual(["policy_set", "policy_set", "policy_removed"]);
  });

  test(`${name}: a builder who does not own the exit cannot lock or unlock it; an admin can; destroying it drops its lock`, async () => {
    await using stores = await (await open())();
    const { t, say } = await tavern(stores);
    await using _game = t;
    expect(await say("carol", "lock back = char:Carol")).toEqual(["You may not lock or unlock Back."]);
    expect(await say("bob", "lock back = char:Bob")).toEqual(["You may not lock or unlock Back."]);
    expect(await say("admin", "lock back = role:admin")).toEqual(["Locked Back: role:admin"]);
    expect(await say("carol", "unlock back")).toEqual(["You may not lock or unlock Back."]);
    expect(await say("carol", "lock/fail back = Ha.")).toEqual(["You may not lock or unlock Back."]);
    expect((await stores.events.replay("policy", 0, 10)).length).toBe(1);
    // Destroying a locked exit removes its lock too, so no policy names what is gone.
    expect(await say("alice", "destroy/confirm back")).toEqual(["Destroyed Back."]);
    const policies = await stores.events.replay("policy", 0, 10);
    expect(policies.map((e) => e.type)).toEqual(["policy_set", "policy_removed"]);
  });

  test(`${name}: a bad lock is refused with what was wrong, and nothing is stored`, async () => {
    await using stores = await (await open())();
    const { t, say } = await tavern(stores);
    await using _game = t;
    const refusals: [string, string][] = [
      [
        "lock back = flag:member &",
        "That lock does not parse: expected a key such as flag:member at the end.",
      ],
      [
        "lock back = rank:3",
        'That lock does not parse: "rank:" is not a key: write role:, char:, flag:, age: or owner.',
      ],
      ["lock back = char:Zed", "That lock names 'Zed', and there is no such character."],
      ["lock/fail back = Nope.", "Back is not locked; lock it first."],
      ["lock/wat back = flag:x", "lock has no /wat switch; it has /fail."],
      ["lock nowhere = flag:x", "I don't see 'nowhere' here."],
    ];
    for (const [line, answer] of refusals) expect([line, await say("alice", line)]).toEqual([line, [answer]]);
    expect(await stores.events.replay("policy", 0, 10)).toEqual([]);
  });
}

describe("locks", () => {
  lockSuite("memory", async () => async () => ({ ...memoryStores(), [Symbol.asyncDispose]: async () => {} }));
  let n = 0;
  lockSuite("embedded", async () => () => openEmbeddedStores(join(dir, `g${++n}.db`), false, log));
});

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres locks");
describe.skipIf(!reachable)("locks on postgres", () => {
  const cleanup: AsyncDisposable[] = [];
  afterAll(async () => {
    await Promise.all(cleanup.map((c) => c[Symbol.asyncDispose]()));
  }, 30_000);
  lockSuite("postgres", async () => {
    const throwaway = await createThrowawayPgDatabase();
    cleanup.push(throwaway);
    return () => openPostgresStores(throwaway.url, false, log);
  });

  test("postgres: a lock made on one core stops a player on another core sharing the database", async () => {
    const throwaway = await createThrowawayPgDatabase();
    cleanup.push(throwaway);
    await using first = await openPostgresStores(throwaway.url, false, log);
    await using second = await openPostgresStores(throwaway.url, false, log);
    const { t, say } = await tavern(first);
    await using _game = t;
    await using other = await startTestGame(second);
    const dave = await enter(other.client, "Dave", "d1");
    const asDave = typist(other.client, dave.sessionId, "d1");
    await say("admin", "teleport dave = Tavern");
    expect((await asDave("look back")).output).toEqual([]);
    await say("alice", "lock back = flag:member");
    await say("alice", "lock/fail back = Members only.");
    // The other core applies the policy events when its store's subscription (NOTIFY) delivers them.
    let refusal: readonly string[] = [];
    for (let tries = 0; tries < 200 && refusal[0] !== "Members only."; tries++) {
      refusal = (await asDave("go back")).output;
      if (refusal.length === 0) await say("admin", "teleport dave = Tavern");
    }
    expect(refusal).toEqual(["Members only."]);
  }, 30_000);
});
