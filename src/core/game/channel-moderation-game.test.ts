import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEmbeddedStores } from "#core/store/open-embedded-stores.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { manualClock } from "#shared/util/clock.ts";
import { type ConnectionReader, type OutputItem, watchConnection } from "./test-support/connection-reader.ts";
import { enter, enterAsAdmin, startTestGame, type TestGame, typist } from "./test-support/game-harness.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-chanmod-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads items until one matches, returning the types of every event read on the way. */
async function until(out: ConnectionReader, match: (r: OutputItem) => boolean) {
  const seen: string[] = [];
  for (;;) {
    const [item] = await out.take(1);
    if (!item) throw new Error("the stream ended first");
    if (item.item.case === "event")
      seen.push(`${item.item.value.type} ${eventPayload(item.item.value).text ?? ""}`);
    if (match(item)) return seen;
  }
}
const said = (text: string) => (r: OutputItem) =>
  r.item.case === "event" && r.item.value.type === "channel" && eventPayload(r.item.value).text === text;

/** An admin who made the Code channel, Alice appointed its moderator, and Bob and Carol on it. */
async function codeChannel(t: TestGame) {
  const alice = await enter(t.client, "Alice", "a1");
  const bob = await enter(t.client, "Bob", "b1");
  const carol = await enter(t.client, "Carol", "c1");
  const admin = await enterAsAdmin(t.client, "x1");
  const as = {
    alice: typist(t.client, alice.sessionId, "a1"),
    bob: typist(t.client, bob.sessionId, "b1"),
    carol: typist(t.client, carol.sessionId, "c1"),
    admin: typist(t.client, admin.sessionId, "x1"),
  };
  await as.admin("channel create Code = code");
  for (const who of [as.alice, as.bob, as.carol]) await who("channel join Code");
  const out = async (line: string, by = as.alice) => (await by(line)).output;
  return { alice, bob, carol, admin, as, out };
}

describe("channel moderation in a game", () => {
  test("an appointed moderator mutes, and the muted member hears but may not speak; staff are protected", async () => {
    await using t = await startTestGame();
    const { bob, as, out } = await codeChannel(t);
    expect(await out("channel/mute Code = Bob")).toEqual(["Only moderators of Code and admins may do that."]);
    expect(await out("channel/mod Code = Alice", as.carol)).toEqual([
      "Only the owner of Code and admins may appoint its moderators.",
    ]);
    expect(await out("channel/mod Code = Alice", as.admin)).toEqual(["Alice is now a moderator of Code."]);
    expect(await out("channel who Code", as.bob)).toEqual(["On Code: Alice (mod), Bob, Carol."]);

    expect(await out("channel/mute Code = Bob for 30m: flooding")).toEqual([
      "You muted Bob on Code for 30 minutes.",
    ]);
    expect(await out("code hello?", as.bob)).toEqual([
      "You are muted on Code for another 30 minutes: flooding",
    ]);
    const bobOut = await watchConnection(t.client, bob.sessionId, "b1");
    await bobOut.skipReplay();
    await as.carol("code Bob still hears this");
    await until(bobOut, said("Bob still hears this"));
    await bobOut.close();

    expect(await out("channel/mute Code = admin")).toEqual(["You may not mute an admin."]);
    await as.admin("channel/mod Code = Carol");
    expect(await out("channel/kick Code = Carol")).toEqual(["You may not kick another moderator of Code."]);
    expect(await out("channel/mute Code = Alice", as.carol)).toEqual([
      "You may not mute another moderator of Code.",
    ]);
    expect(await out("channel/mute Code = Alice")).toEqual(["You cannot mute yourself."]);
    expect(await out("channel/mute Code = Nobody")).toEqual(['There is no character called "Nobody".']);
    expect(await out("channel/mute Nowhere = Bob")).toEqual(['There is no channel called "Nowhere".']);
    expect(await out("channel/mute Code = Bob for 3 days")).toEqual([
      '"3 days" is no duration: write it as 30m, 12h, 7d, 2w or permanent.',
    ]);
    expect(await out("channel/mute Code")).toEqual([
      "Usage: channel/mute <channel> = <name> [for <duration>] [: <reason>]",
    ]);
    expect(await out("channel/kick Code = Bob for 1h")).toEqual(["Usage: channel/kick <channel> = <name>"]);
    expect(await out("channel/mute Code = Bob for 3y")).toEqual([
      '"3y" is no duration: write it as 30m, 12h, 7d, 2w or permanent.',
    ]);
    expect(await out("channel/mute Code = Alice", as.admin)).toEqual(["You muted Alice on Code."]);
    expect(await out("channel/unmute Code = Alice", as.admin)).toEqual(["You unmuted Alice on Code."]);

    t.clock.advance(31 * 60_000);
    expect(await out("code back again", as.bob)).toEqual([]);
  });

  test("kick and ban take a member off; a banned one may not rejoin; every action is in the audit", async () => {
    await using t = await startTestGame();
    const { as, out } = await codeChannel(t);
    await as.admin("channel/mod Code = Alice");
    expect(await out("channel/kick Code = Bob")).toEqual(["You kicked Bob off Code."]);
    expect(await out("channel who Code", as.carol)).toEqual(["On Code: Alice (mod), Carol."]);
    expect(await out("channel join Code", as.bob)).toEqual([
      'You join Code. Talk on it with "code <message>".',
    ]);
    expect(await out("channel/ban Code = Bob : trolling")).toEqual(["You banned Bob from Code."]);
    expect(await out("channel join Code", as.bob)).toEqual(["You are banned from Code: trolling"]);
    expect(await out("channel info Code")).toEqual([
      'Code (alias "code"), created by admin; 2 on it.',
      "Moderators: admin, Alice.",
      "Banned: Bob (until lifted): trolling",
    ]);
    expect(await out("channel info Code", as.carol)).toEqual([
      'Code (alias "code"), created by admin; 2 on it.',
      "Moderators: admin, Alice.",
    ]);
    expect(await out("channel unban Code = Bob")).toEqual(["You lifted Bob's ban from Code."]);
    expect(await out("channel/kick Code = Bob")).toEqual(["Bob is not on Code."]);
    const audit = (await as.admin("audit")).output.slice(1).map((l) => l.replace(/^\S+ \S+ /, ""));
    expect(audit).toEqual([
      "Alice: channel unban Code = Bob",
      "Alice: channel/ban Code = Bob : trolling",
      "Alice: channel/kick Code = Bob",
      "admin: channel/mod Code = Alice",
      "admin: channel create Code = code",
    ]);
  });

  test("a gagged channel reaches the player neither live nor on replay, and ungag resumes from then on", async () => {
    await using t = await startTestGame();
    const { bob, as, out } = await codeChannel(t);
    expect(await out("channel/gag Code", as.bob)).toEqual([
      'You gag Code: you stay on it but hear nothing of it until "channel/ungag Code".',
    ]);
    expect(await out("code hi", as.bob)).toEqual([
      'You have Code gagged; type "channel/ungag Code" to hear and talk on it.',
    ]);
    await as.carol("code while gagged");
    await t.client.disconnect({ sessionId: bob.sessionId, connectionId: "b1" });
    await as.carol("code while gagged and away");
    const resumed = await t.client.resumeSession({ resumeToken: bob.resumeToken, connectionId: "b2" });
    const sessionId = resumed.session?.sessionId ?? "";
    const bobOut = await watchConnection(t.client, sessionId, "b2");
    const asBob = typist(t.client, sessionId, "b2");
    expect((await asBob("channel/ungag Code")).output).toEqual([
      'You ungag Code; what was said meanwhile is not replayed ("channel history Code" shows it).',
    ]);
    await as.carol("code after the ungag");
    const seen = await until(bobOut, said("after the ungag"));
    expect(seen.filter((s) => s.startsWith("channel "))).toEqual(["channel after the ungag"]);
    await bobOut.close();
  });

  test("moderators, mutes and gags survive a restart of the core on the embedded store", async () => {
    const path = join(dir, "game.db");
    const clock = manualClock();
    const log = collectingLogger().logger;
    {
      await using stores = await openEmbeddedStores(path, false, log);
      await using t = await startTestGame(stores, {}, clock);
      const { as, out } = await codeChannel(t);
      await as.admin("channel/mod Code = Alice");
      await out("channel/mute Code = Bob : spam");
      await out("channel/gag Code", as.carol);
    }
    await using stores = await openEmbeddedStores(path, false, log);
    await using t = await startTestGame(stores, {}, clock);
    const login = async (name: string, connectionId: string) => {
      const { loginTicket } = await t.client.authenticate({
        name,
        password: "password1",
        clientAddress: "h:1",
      });
      const { session } = await t.client.selectCharacter({ loginTicket, connectionId });
      return typist(t.client, session?.sessionId ?? "", connectionId);
    };
    const asBob = await login("Bob", "b9");
    const asCarol = await login("Carol", "c9");
    expect((await asCarol("channel info Code")).output.at(-1)).toBe("You have it gagged.");
    expect((await asBob("code after the restart")).output).toEqual([
      "You are muted on Code until a moderator unmutes you: spam",
    ]);
    expect((await asBob("channel who Code")).output).toEqual(["On Code: Alice (mod), Bob, Carol."]);
  });
});
