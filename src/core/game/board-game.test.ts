import { describe, expect, test } from "bun:test";
import { enter, enterAsAdmin, startTestGame, type TestGame, typist } from "./test-support/game-harness.ts";

/** A typist that returns the reply lines. */
const lines = (t: TestGame, sessionId: string, connectionId: string) => {
  const type = typist(t.client, sessionId, connectionId);
  return async (line: string) => (await type(line)).output;
};

async function cast(t: TestGame) {
  const admin = await enterAsAdmin(t.client, "x1");
  const alice = await enter(t.client, "Alice", "a1");
  const bob = await enter(t.client, "Bob", "b1");
  return {
    admin: lines(t, admin.sessionId, "x1"),
    alice: lines(t, alice.sessionId, "a1"),
    bob: lines(t, bob.sessionId, "b1"),
  };
}

const rule = "-".repeat(60);

describe("bulletin boards", () => {
  test("post, list with unread counts, read, reply, edit one's own and not another's", async () => {
    await using t = await startTestGame();
    const { admin, alice, bob } = await cast(t);
    expect(await bob("bb")).toEqual(["There are no boards."]);
    expect(await admin("bb create Announcements")).toEqual([
      "Created the board Announcements: read by everyone, posted on by players, moderated by admins.",
    ]);
    expect(await alice("bb post ann = Welcome/Hello, all.%rSee you at the fair.")).toEqual([
      'You post "Welcome" on Announcements as number 1.',
    ]);
    expect(await alice("bb post Announcements = Fair/Saturday.")).toEqual([
      'You post "Fair" on Announcements as number 2.',
    ]);
    expect(await bob("bb")).toEqual([
      `   #  ${"Board".padEnd(24)} Posts Unread`,
      `   1  ${"Announcements".padEnd(24)}     2      2`,
      "Read a board with 'bb read <board>', a post with 'bb read <board>/<n>'.",
    ]);
    expect((await alice("bb"))[1]).toBe(`   1  ${"Announcements".padEnd(24)}     2      0`);
    expect(await bob("+bbread")).toEqual(await bob("+bb"));
    const listed = await bob("bb read announcements");
    expect(listed[0]).toBe("Announcements: 2 posts, 2 unread.");
    expect(listed[2]).toMatch(/^ {2}\* {2}1 {2}Welcome +Alice +\d{4}-\d\d-\d\d \d\d:\d\d$/);
    const read = await bob("+bbread 1/1");
    expect(read[0]).toBe("Announcements 1: Welcome");
    expect(read[1]).toMatch(/^By Alice, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(read.slice(2)).toEqual([rule, "Hello, all.", "See you at the fair.", rule]);
    expect((await bob("bb"))[1]).toBe(`   1  ${"Announcements".padEnd(24)}     2      1`);
    expect(await bob("bb reply Announcements/1 = Thanks!")).toEqual([
      "You reply to Announcements 1 as number 3.",
    ]);
    expect((await alice("bb read Announcements/3")).slice(0, 2)).toEqual([
      "Announcements 3: Re: Welcome",
      expect.stringMatching(/, in reply to 1$/),
    ]);
    expect(await bob("bb edit Announcements/1 = Mine now.")).toEqual(["You may only edit your own posts."]);
    expect(await alice("bb edit Announcements/1 = Hello, everyone.")).toEqual(["You edit Announcements 1."]);
    const edited = await bob("bb read Announcements/1");
    expect(edited[1]).toMatch(/, edited \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(edited.slice(3, 4)).toEqual(["Hello, everyone."]);
  });

  test("authors and moderators remove posts, others may not; numbers are not reused", async () => {
    await using t = await startTestGame();
    const { admin, alice, bob } = await cast(t);
    await admin("bb create Market");
    await alice("+bbpost Market = Selling/A horse.");
    await alice("bb post Market = Buying/A saddle.");
    expect(await bob("bb remove Market/1")).toEqual(["You may only remove your own posts."]);
    expect(await alice("+bbremove Market/1")).toEqual(['You remove Market 1: "Selling".']);
    expect(await admin("bb remove Market/2")).toEqual(['You remove Market 2: "Buying".']);
    expect(await bob("bb read Market/2")).toEqual(["Market has no post 2."]);
    expect(await bob("bb post Market = Wanted/A cart.")).toEqual([
      'You post "Wanted" on Market as number 3.',
    ]);
  });

  test("who may read and post is per board; admins alone create and destroy", async () => {
    await using t = await startTestGame();
    const { admin, alice } = await cast(t);
    expect(await alice("bb create Gossip")).toEqual(["Only admins may create or destroy boards."]);
    expect(await admin("bb create News = everyone/admins")).toEqual([
      "Created the board News: read by everyone, posted on by admins, moderated by admins.",
    ]);
    expect(await admin("bb create Staff = builders/builders/admins")).toHaveLength(1);
    expect(await alice("bb post News = Hi/there")).toEqual(["You may not post on News."]);
    expect(await alice("bb read Staff")).toEqual(['There is no board called "Staff".']);
    expect((await alice("bb")).slice(1, -1)).toEqual([`   1  ${"News".padEnd(24)}     0      0`]);
    expect(await admin("bb post Staff = Meeting/At noon.")).toHaveLength(1);
    expect((await admin("bb")).slice(1, -1)).toEqual([
      `   1  ${"News".padEnd(24)}     0      0`,
      `   2  ${"Staff".padEnd(24)}     1      0`,
    ]);
    expect(await alice("bb destroy News")).toEqual(["Only admins may create or destroy boards."]);
    expect(await admin("bb destroy Staff")).toEqual(["Destroyed the board Staff and its posts."]);
    expect(await admin("bb read Staff")).toEqual(['There is no board called "Staff".']);
  });

  test.each([
    ["bb create News", "There is already a board called News."],
    ["bb create N", "A board name must be 2 to 30 characters: a letter, then letters, digits, '_' or '-'."],
    ["bb create Odd = all/players", '"all" is not a level: use everyone, players, builders, admins.'],
    ["bb post News = /body", "A subject is needed: it may not be empty."],
    [`bb post News = ${"s".repeat(101)}/body`, "That subject is too long: 101 characters, at most 100."],
    ["bb post News = Subject/", "The message has no text."],
    ["bb post News = no slash", "Usage: bb post <board> = <subject>/<body>"],
    ["bb post Nowhere = a/b", 'There is no board called "Nowhere".'],
    ["bb read News/9", "News has no post 9."],
    ["bb reply News = hi", "Usage: bb reply <board>/<n> = <body>"],
    ["bb edit News/1", "Usage: bb edit <board>/<n> = <body>"],
    ["bb remove News", "Usage: bb remove <board>/<n>"],
    ["bb remove News/4", "News has no post 4."],
    ["bb destroy Nowhere", 'There is no board called "Nowhere".'],
    ["bb read 7", 'There is no board called "7".'],
  ])("%s is refused: %s", async (line, answer) => {
    await using t = await startTestGame();
    const { admin } = await cast(t);
    await admin("bb create News");
    const before = t.game.mailBoards.snapshot();
    expect(await admin(line)).toEqual([answer]);
    expect(t.game.mailBoards.snapshot()).toEqual(before);
  });
});
