import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryStores } from "#core/store/memory-stores.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { type OutputItem, watchConnection } from "./test-support/connection-reader.ts";
import { enter, enterAsAdmin, startTestGame, typist } from "./test-support/game-harness.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-motd-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The events of a replay as type and the text a player reads of it (a look as its room's name). */
const shown = (items: readonly OutputItem[]) =>
  items.flatMap((r) => {
    if (r.item.case !== "event") return [];
    const payload = eventPayload(r.item.value) as {
      text?: string;
      name?: string;
      location?: { name: string };
    };
    return [[r.item.value.type, payload.text ?? payload.location?.name ?? payload.name]];
  });

describe("arriving in the game", () => {
  test("a new session is shown the room, on its own stream: the others in the room never see that look", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const aliceOut = await watchConnection(t.client, alice.sessionId, "a1");
    expect(shown(await aliceOut.skipReplay())).toEqual([["look", "The Lobby"]]);
    await enter(t.client, "Bob", "b1");
    expect(shown(await aliceOut.take(2))).toEqual([
      ["channel.join", "Bob"],
      ["connect", "Bob"],
    ]);
    await aliceOut.close();
  });

  test("a second connection, or a resume, of a live session replays instead of arriving again", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    await t.client.resumeSession({ resumeToken: alice.resumeToken, connectionId: "a2" });
    const again = await watchConnection(t.client, alice.sessionId, "a2");
    const looks = shown(await again.skipReplay()).filter(([type]) => type === "look");
    expect(looks).toEqual([["look", "The Lobby"]]);
    await again.close();
  });

  test("the motd file, then the @motd an admin set, are shown before the room", async () => {
    const motdFile = join(dir, "motd.txt");
    writeFileSync(motdFile, "Welcome to the test game!\nBe kind.\n");
    await using t = await startTestGame(memoryStores(), { motdFile: { path: motdFile, required: true } });
    const admin = await enterAsAdmin(t.client, "x1");
    const asAdmin = typist(t.client, admin.sessionId, "x1");
    expect((await asAdmin("@motd The tavern opens at 8.")).output).toEqual([
      "The message of the day is set.",
    ]);
    const carol = await enter(t.client, "Carol", "c1");
    const out = await watchConnection(t.client, carol.sessionId, "c1");
    expect(shown(await out.skipReplay())).toEqual([
      [
        "system",
        "%[bold]Message of the day%[/]\nWelcome to the test game!\nBe kind.\n\nThe tavern opens at 8.",
      ],
      ["look", "The Lobby"],
    ]);
    await out.close();
  });

  test("@motd is for admins, survives a restart on the same stores, and @motd alone clears it", async () => {
    const stores = memoryStores();
    {
      await using t = await startTestGame(stores);
      const bob = await enter(t.client, "Bob", "b1");
      expect((await typist(t.client, bob.sessionId, "b1")("@motd Mine now")).output).toEqual([
        "Only admins may change that.",
      ]);
      const admin = await enterAsAdmin(t.client, "x1");
      await typist(t.client, admin.sessionId, "x1")("@motd Kept across restarts");
    }
    await using t = await startTestGame(stores);
    const dora = await enter(t.client, "Dora", "d1");
    const out = await watchConnection(t.client, dora.sessionId, "d1");
    expect(shown(await out.skipReplay())).toContainEqual([
      "system",
      "%[bold]Message of the day%[/]\nKept across restarts",
    ]);
    await out.close();
    const admin = await enterAsAdmin(t.client, "x2");
    expect((await typist(t.client, admin.sessionId, "x2")("@motd")).output).toEqual([
      "The message of the day is cleared.",
    ]);
    const erin = await enter(t.client, "Erin", "e1");
    const erinOut = await watchConnection(t.client, erin.sessionId, "e1");
    expect(shown(await erinOut.skipReplay()).map(([type]) => type)).toEqual(["look"]);
    await erinOut.close();
  });

  test("a named motd file that is missing stops the game at start with a clear message", async () => {
    await expect(
      startTestGame(memoryStores(), { motdFile: { path: join(dir, "absent.txt"), required: true } }),
    ).rejects.toThrow(`--motd-file: ${join(dir, "absent.txt")} does not exist.`);
  });
});

describe("help in the game", () => {
  test("help lists the categories, help say reads a topic, help l finds look by the command's alias", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const type = typist(t.client, alice.sessionId, "a1");
    const overview = (await type("help")).output;
    expect(overview[0]).toStartWith("%[bold]Help topics%[/]");
    // The category's topics wrap over two lines.
    const communication = overview.findIndex((l) => l.includes("Communication:"));
    expect(overview.slice(communication, communication + 2).join(" ")).toContain(" say,");
    const say = (await type("help say")).output;
    expect(say[0]).toBe("%[bold]say%[/]");
    expect(say).toContain("    say Hello!");
    expect((await type("help l")).output[0]).toBe("%[bold]look%[/]");
    expect((await type("HELP Communication")).output.at(-2)).toStartWith(
      "  %[bold]Topics on communication:%[/]",
    );
  });

  test("help search lists the topics that mention a word; an unknown topic answers with close matches", async () => {
    await using t = await startTestGame();
    const alice = await enter(t.client, "Alice", "a1");
    const type = typist(t.client, alice.sessionId, "a1");
    const found = (await type("help search whisper")).output.join(" ");
    expect(found).toContain('Topics that mention "whisper":');
    expect(found).toMatch(/\bpage\b.*\bwhisper\b/);
    expect((await type("help search zebra")).output).toEqual(['No help topic mentions "zebra".']);
    expect((await type("help sya")).output).toEqual(['There is no help on "sya". Did you mean: say?']);
    expect((await type("help qwxz")).output).toEqual([
      'There is no help on "qwxz". Try help search qwxz, or help for every topic.',
    ]);
  });
});
