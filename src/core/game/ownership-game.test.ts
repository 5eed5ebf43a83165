import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const dir = mkdtempSync(join(tmpdir(), "holomush-owners-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Alice builds a tavern; Carol, another builder, stands in it; the admin is there too. */
async function tavern(stores: TestStores) {
  const t = await startTestGame(stores);
  const alice = await enter(t.client, "Alice", "a1");
  const carol = await enter(t.client, "Carol", "c1");
  const admin = await enterAsAdmin(t.client, "x1");
  const as = {
    alice: typist(t.client, alice.sessionId, "a1"),
    carol: typist(t.client, carol.sessionId, "c1"),
    admin: typist(t.client, admin.sessionId, "x1"),
  };
  const say = async (who: keyof typeof as, line: string) => (await as[who](line)).output;
  await say("admin", "role alice = builder");
  await say("admin", "role carol = builder");
  expect((await say("alice", "dig Tavern"))[0]).toStartWith("Dug Tavern (");
  for (const who of ["alice", "carol", "me"]) await say("admin", `teleport ${who} = Tavern`);
  for (const line of ["create tankard", "drop tankard", "open Back;b = lobby"]) await say("alice", line);
  const ids = { alice: alice.character?.id ?? "", carol: carol.character?.id ?? "" };
  return { t, say, ids };
}

const wrecking: [string, string][] = [
  ["name here = Carol's Place", "You may not rename Tavern."],
  ["describe here = Ruined.", "You may not describe Tavern."],
  ["name tankard = mug", "You may not rename tankard."],
  ["unlink back", "You may not unlink Back."],
  ["destroy/confirm tankard", "You may not destroy tankard."],
  ["destroy/confirm back", "You may not destroy Back."],
  ["destroy/confirm here", "You may not destroy Tavern."],
];

function ownershipSuite(name: string, open: () => Promise<OpenStores>) {
  test(`${name}: a builder cannot rename, describe, unlink or destroy what another owns; the owner and an admin can`, async () => {
    await using stores = await (await open())();
    const { t, say } = await tavern(stores);
    await using _game = t;
    for (const [line, answer] of wrecking) expect([line, await say("carol", line)]).toEqual([line, [answer]]);
    expect(await say("alice", "name here = The Tavern")).toEqual(["Renamed Tavern to The Tavern."]);
    expect(await say("alice", "unlink back")).toEqual(["Unlinked Back."]);
    expect(await say("admin", "describe here = Smoky.")).toEqual(["Described The Tavern."]);
    expect(await say("admin", "destroy/confirm tankard")).toEqual(["Destroyed tankard."]);
    // Every refusal is on the audit stream, with the policies that decided it (none: a default deny).
    const audit = await stores.events.replay("audit", 0, 100);
    const denials = audit.filter((e) => e.payload.allowed === false);
    expect(denials.map((e) => [e.payload.action, e.payload.policies])).toEqual([
      ["modify", []],
      ["modify", []],
      ["modify", []],
      ["link", []],
      ["destroy", []],
      ["destroy", []],
      ["destroy", []],
    ]);
    // The admin's change of what Alice owns is kept too, as an admin-level allow.
    const adminAllows = audit.filter((e) => e.payload.allowed === true && e.payload.action === "modify");
    expect(adminAllows.map((e) => e.payload.policies)).toEqual([["admins-do-anything"]]);
  });

  test(`${name}: a policy granting Carol modify on Alice's rooms works at once, and its removal stops it at once`, async () => {
    await using stores = await (await open())();
    const { t, say, ids } = await tavern(stores);
    await using _game = t;
    const grant = `permit (principal == Character::"${ids.carol}", action == Action::"modify", resource is Room) when { resource.owner == Character::"${ids.alice}" };`;
    expect(await say("admin", `policy add carol-helps-alice = ${grant}`)).toEqual([
      "Policy carol-helps-alice is in force.",
    ]);
    expect(await say("carol", "name here = Carol's Tavern")).toEqual(["Renamed Tavern to Carol's Tavern."]);
    expect(await say("carol", "name tankard = mug")).toEqual(["You may not rename tankard."]);
    expect(await say("admin", "policy test carol modify here")).toEqual([
      "Carol modify here: allowed.",
      "Why: permitted by carol-helps-alice.",
    ]);
    expect(await say("admin", "policy remove carol-helps-alice")).toEqual([
      "Policy carol-helps-alice is removed.",
    ]);
    expect(await say("carol", "name here = Tavern")).toEqual(["You may not rename Carol's Tavern."]);
    const stored = await stores.events.replay("policy", 0, 10);
    expect(stored.map((e) => [e.type, e.payload.id])).toEqual([
      ["policy_set", "carol-helps-alice"],
      ["policy_removed", "carol-helps-alice"],
    ]);
  });

  test(`${name}: a bad policy is refused with Cedar's message, and one locking every admin out is refused; nothing is stored`, async () => {
    await using stores = await (await open())();
    const { t, say } = await tavern(stores);
    await using _game = t;
    expect(
      await say(
        "admin",
        "policy add bad = permit (principal, action, resource) when { principal.rank == 1 };",
      ),
    ).toEqual([
      "for policy `bad`, attribute `rank` on entity type `Character` not found (did you mean `role`?)",
    ]);
    expect(await say("admin", "policy add broken = permit (principal, action")).toHaveLength(1);
    expect(await say("admin", "policy remove admins-do-anything")).toEqual([
      "Refused: after that change no admin could change the policies any more.",
    ]);
    const lockout = `forbid (principal, action == Action::"manage_policies", resource);`;
    expect(await say("admin", `policy add lockout = ${lockout}`)).toEqual([
      "Refused: after that change no admin could change the policies any more.",
    ]);
    expect(await stores.events.replay("policy", 0, 10)).toEqual([]);
    expect(await say("carol", "policy list")).toEqual(["Only admins may read or change the policies."]);
  });

  test(`${name}: a policy stored before plugins were principals still applies, scoped to characters`, async () => {
    await using stores = await (await open())();
    // An operator's policy from an older version: an open principal that reads a character's flags, which the
    // schema now refuses for a Plugin principal.
    const old = `forbid (principal, action, resource) when { principal.flags.contains("banned") };`;
    await stores.events.append([
      {
        id: "old-policy",
        stream: "policy",
        type: "policy_set",
        timestamp: 1,
        actor: { kind: "system", id: "core" },
        payload: { id: "no-banned", text: old },
      },
    ]);
    const { t, say } = await tavern(stores);
    await using _game = t;
    expect(await say("carol", "create stool")).toEqual(["Created stool. You are holding it."]);
    await say("admin", "flag carol = banned");
    expect(await say("carol", "create stool")).toEqual(["Only builders and admins may build."]);
    expect((await say("admin", "policy show no-banned")).join("\n")).toContain(
      "forbid (principal is Character,",
    );
    await say("admin", `policy add no-banned-2 = ${old.replace("banned", "exiled")}`);
    expect((await say("admin", "policy show no-banned-2")).join("\n")).toContain(
      "forbid (principal is Character, action, resource)",
    );
  });

  test(`${name}: after a role, flag or policy change the next decision uses it`, async () => {
    await using stores = await (await open())();
    const { t, say } = await tavern(stores);
    await using _game = t;
    expect(await say("carol", "create stool")).toEqual(["Created stool. You are holding it."]);
    const banned = `forbid (principal, action == Action::"build", resource) when { principal.flags.contains("banned") };`;
    await say("admin", `policy add no-banned-builders = ${banned}`);
    expect(await say("carol", "create stool")).toEqual(["Created stool. You are holding it."]);
    expect(await say("admin", "flag carol = banned")).toEqual(["Carol is now banned."]);
    expect(await say("carol", "create stool")).toEqual(["Only builders and admins may build."]);
    expect(await say("admin", "flag carol = !banned")).toEqual(["Carol is no longer banned."]);
    expect(await say("carol", "create stool")).toEqual(["Created stool. You are holding it."]);
    await say("admin", "role carol = player");
    expect(await say("carol", "create stool")).toEqual(["Only builders and admins may build."]);
    const audit = await stores.events.replay("audit", 0, 100);
    const flagged = audit.find((e) => e.payload.action === "build" && e.payload.allowed === false);
    expect(flagged?.payload.policies).toEqual(["no-banned-builders"]);
  });
}

describe("ownership and policies", () => {
  ownershipSuite("memory", async () => async () => ({
    ...memoryStores(),
    [Symbol.asyncDispose]: async () => {},
  }));
  let n = 0;
  ownershipSuite("embedded", async () => () => openEmbeddedStores(join(dir, `g${++n}.db`), false, log));
});

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres ownership");
describe.skipIf(!reachable)("ownership and policies on postgres", () => {
  const cleanup: AsyncDisposable[] = [];
  // Four throwaway databases are dropped here, which takes longer than a hook's default budget.
  afterAll(async () => {
    await Promise.all(cleanup.map((c) => c[Symbol.asyncDispose]()));
  }, 30_000);
  ownershipSuite("postgres", async () => {
    const throwaway = await createThrowawayPgDatabase();
    cleanup.push(throwaway);
    return () => openPostgresStores(throwaway.url, false, log);
  });
});
