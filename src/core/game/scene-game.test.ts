import { describe, expect, test } from "bun:test";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import type { ConnectionReader } from "./test-support/connection-reader.ts";
import { watchConnection } from "./test-support/connection-reader.ts";
import { enter, enterAsAdmin, startTestGame, type TestGame, typist } from "./test-support/game-harness.ts";

type Typist = ReturnType<typeof typist>;

/** Registers players who all start in the lobby; returns a typist for each, in order. */
async function players(t: TestGame, ...names: string[]) {
  const out: { type: Typist; sessionId: string; connectionId: string; resumeToken: string }[] = [];
  for (const name of names) {
    const connectionId = `${name}-1`;
    const session = await enter(t.client, name, connectionId);
    out.push({
      type: typist(t.client, session.sessionId, connectionId),
      sessionId: session.sessionId,
      connectionId,
      resumeToken: session.resumeToken,
    });
  }
  return out;
}

const said = async (type: Typist, line: string) => (await type(line)).output;

/** A `scene log` line without its number and time: `3. [22:13] Alice waves.` reads `Alice waves.`. */
const logText = (line: string) => line.replace(/^\d+\. \[\d\d:\d\d\] /, "");

/** The texts of say/pose/emit events a connection reads up to (and including) `marker`. */
async function heardUntil(out: ConnectionReader, marker: string): Promise<string[]> {
  const heard: string[] = [];
  for (;;) {
    const [item] = await out.take(1);
    if (!item) throw new Error("the stream ended first");
    if (item.item.case !== "event") continue;
    const { type } = item.item.value;
    const payload = eventPayload(item.item.value);
    if (type === "say" || type === "pose" || type === "emit") {
      const text = String(payload.text ?? "");
      heard.push(text);
      if (text === marker) return heard;
    }
  }
}

describe("scene commands", () => {
  test("a scene starts, takes joiners and settings, pauses, resumes and stops, each with a clear answer", async () => {
    await using t = await startTestGame();
    const [alice, bob] = await players(t, "Alice", "Bob");
    if (!alice || !bob) throw new Error("no players");
    expect(await said(alice.type, "scene start The Duel")).toEqual([
      'You start scene 1 (The Duel) here. Others join with "scene join 1".',
    ]);
    expect(await said(bob.type, "scene start Another")).toEqual([
      'Scene 1 is already running here; join it with "scene join 1".',
    ]);
    expect(await said(bob.type, "scene join")).toEqual(["You join scene 1 (The Duel) in The Lobby."]);
    expect(await said(bob.type, "scene join 1")).toEqual(["You are already in scene 1."]);
    expect(await said(bob.type, "scene summary Swords at dawn.")).toEqual(["Scene 1: summary set."]);
    expect(await said(alice.type, "scene warning violence")).toEqual(["Scene 1: content warning added."]);
    expect(await said(alice.type, "scene title")).toEqual(["Usage: scene title <text>"]);
    expect(await said(alice.type, `scene title ${"x".repeat(201)}`)).toEqual([
      "That title is too long: at most 200 characters.",
    ]);
    expect(await said(bob.type, "scene pause")).toEqual([
      "Only Alice, who started scene 1, or an admin may do that.",
    ]);
    expect(await said(alice.type, "scene pause")).toEqual(["Scene 1 is paused."]);
    expect(await said(alice.type, "scene pause")).toEqual(["Scene 1 is already paused."]);
    expect(await said(alice.type, "scene resume")).toEqual(["Scene 1 is running again."]);
    const info = await said(bob.type, "scene info 1");
    expect(info[0]).toBe("Scene 1: The Duel - active, open");
    expect(info.slice(2)).toEqual([
      "Participants: Alice, Bob.",
      "Content warnings: violence.",
      "Summary: Swords at dawn.",
    ]);
    expect(await said(bob.type, "scene leave")).toEqual(["You leave scene 1 (The Duel)."]);
    expect(await said(bob.type, "scene leave")).toEqual(["You are in no scene."]);
    expect(await said(alice.type, "scene stop")).toEqual(["Scene 1 is stopped."]);
    expect(await said(alice.type, "scene stop")).toEqual(["You are in no scene."]);
    expect(await said(bob.type, "scene join 1")).toEqual(["Scene 1 has stopped."]);
    const list = await said(bob.type, "scene list");
    expect(list[0]).toBe("Running scenes:");
    expect(list[1]).toBe("  none");
    expect(list[2]).toBe("Recently stopped:");
    expect(list[3]).toContain("The Duel");
  });

  test.each([
    ["scene", "scene start [title] - start a scene in this room; you join it."],
    ["scene frobnicate", "scene start [title] - start a scene in this room; you join it."],
    ["scene info", "You are in no scene, and none is running here."],
    ["scene info 99", "There is no scene 99."],
    ["scene info abc", '"abc" is not a scene number.'],
    ["scene log 0", '"0" is not a scene number.'],
    ["scene join 7", "There is no scene 7."],
    ["scene title x", "You are in no scene."],
    ["scene invite Nobody", 'There is no character called "Nobody".'],
    ["scene export", "You have taken part in no scene yet."],
    ["scene order", "You are in no scene, and none is running here."],
  ])("bad input %p gets a clear answer", async (line, first) => {
    await using t = await startTestGame();
    const [alice] = await players(t, "Alice");
    if (!alice) throw new Error("no player");
    expect((await said(alice.type, line))[0]).toBe(first);
  });

  test("a log page past the end and a bad page number are refused", async () => {
    await using t = await startTestGame();
    const [alice] = await players(t, "Alice");
    if (!alice) throw new Error("no player");
    await alice.type("scene start");
    expect(await said(alice.type, "scene log 1 2")).toEqual(["Scene 1's log has 1 page(s)."]);
    expect(await said(alice.type, "scene log 1 x")).toEqual(['"x" is not a page number.']);
    expect(await said(alice.type, "scene log")).toEqual([
      "Log of scene 1, page 1 of 1.",
      "  Nothing was posed yet.",
    ]);
  });
});

describe("private scenes", () => {
  test("a non-participant in the room sees none of a private scene's poses, a participant sees all", async () => {
    await using t = await startTestGame();
    const [alice, bob, carol] = await players(t, "Alice", "Bob", "Carol");
    if (!alice || !bob || !carol) throw new Error("no players");
    await alice.type("scene start Secret");
    expect(await said(bob.type, "scene private")).toEqual(["You are in no scene."]);
    expect(await said(alice.type, "scene private")).toEqual([
      "Scene 1 is private: only its participants see its poses now.",
    ]);
    expect(await said(bob.type, "scene join 1")).toEqual([
      "Scene 1 is private; you need an invitation to join it.",
    ]);
    expect(await said(alice.type, "scene invite bob")).toEqual(["You invite Bob to scene 1 (Secret)."]);
    expect(await said(alice.type, "scene invite bob")).toEqual(["Bob is already invited to scene 1."]);
    expect(await said(bob.type, "scene join 1")).toEqual(["You join scene 1 (Secret) in The Lobby."]);
    const carolOut = await watchConnection(t.client, carol.sessionId, carol.connectionId);
    const bobOut = await watchConnection(t.client, bob.sessionId, bob.connectionId);
    await carolOut.skipReplay();
    await bobOut.skipReplay();
    await alice.type(":draws a hidden blade.");
    await bob.type('"Not here.');
    await alice.type(";'s eyes narrow.");
    await carol.type("pose hums to herself.");
    await carol.type("say marker");
    expect(await heardUntil(carolOut, "marker")).toEqual(["hums to herself.", "marker"]);
    expect(await heardUntil(bobOut, "marker")).toEqual([
      "draws a hidden blade.",
      "Not here.",
      "'s eyes narrow.",
      "hums to herself.",
      "marker",
    ]);
    expect(await said(carol.type, "scene log 1")).toEqual([
      "Scene 1 is private; only those who took part or were invited may read it.",
    ]);
    const log = await said(bob.type, "scene log 1");
    expect(log[1]).toStartWith("1. [");
    expect(log.slice(1).map(logText)).toEqual([
      "Alice draws a hidden blade.",
      'Bob says, "Not here."',
      "Alice's eyes narrow.",
    ]);
    const list = await said(carol.type, "scene list");
    expect(list[1]).toContain("(private)");
    expect(list[1]).not.toContain("Secret");
    await carolOut.close();
    await bobOut.close();
  });

  test("a participant who drops mid-scene sees each private pose they missed once on return", async () => {
    await using t = await startTestGame();
    const [alice, bob] = await players(t, "Alice", "Bob");
    if (!alice || !bob) throw new Error("no players");
    await alice.type("scene start");
    await alice.type("scene private");
    await alice.type("scene invite Bob");
    await bob.type("scene join");
    const bobOut = await watchConnection(t.client, bob.sessionId, bob.connectionId);
    await bobOut.skipReplay();
    await alice.type(":before the drop.");
    expect(await heardUntil(bobOut, "before the drop.")).toEqual(["before the drop."]);
    await t.client.disconnect({ sessionId: bob.sessionId, connectionId: bob.connectionId });
    await bobOut.close();
    await alice.type(":while Bob was away.");
    await alice.type(":still away.");
    const resumed = await t.client.resumeSession({ resumeToken: bob.resumeToken, connectionId: "Bob-2" });
    const again = await watchConnection(t.client, resumed.session?.sessionId ?? "", "Bob-2");
    const heard: string[] = [];
    for (;;) {
      const [item] = await again.take(1);
      if (!item || item.item.case === "replayEnd") break;
      if (item.item.case === "event" && item.item.value.type === "pose")
        heard.push(String(eventPayload(item.item.value).text));
    }
    expect(heard).toEqual(["while Bob was away.", "still away."]);
    await alice.type(":live again.");
    expect(await heardUntil(again, "live again.")).toEqual(["live again."]);
    await again.close();
  });

  test("an admin may read a private scene's log", async () => {
    await using t = await startTestGame();
    const [alice] = await players(t, "Alice");
    if (!alice) throw new Error("no player");
    await alice.type("scene start");
    await alice.type("scene private");
    await alice.type(":waits.");
    const admin = await enterAsAdmin(t.client, "x1");
    const asAdmin = typist(t.client, admin.sessionId, "x1");
    expect((await said(asAdmin, "scene log 1"))[1]).toEndWith("Alice waits.");
  });
});

describe("pose order and logs", () => {
  test("after four poses by three players the one who waited longest is next", async () => {
    await using t = await startTestGame();
    const [alice, bob, carol, dan] = await players(t, "Alice", "Bob", "Carol", "Dan");
    if (!alice || !bob || !carol || !dan) throw new Error("no players");
    await alice.type("scene start");
    await bob.type("scene join");
    await carol.type("scene join");
    await dan.type("scene join");
    await alice.type(":draws.");
    await bob.type(":parries.");
    await carol.type(":watches.");
    await alice.type(":lunges.");
    expect(await said(bob.type, "scene order")).toEqual([
      "Pose order in scene 1, next first:",
      "  Dan - has not posed yet",
      "  Bob - 2 lines since their last",
      "  Carol - 1 line since their last",
      "  Alice - 0 lines since their last",
    ]);
  });

  test("speech while paused, before the start and after the stop is left out of the log", async () => {
    await using t = await startTestGame();
    const [alice, bob] = await players(t, "Alice", "Bob");
    if (!alice || !bob) throw new Error("no players");
    await bob.type(":arrives early.");
    await alice.type("scene start");
    await alice.type(":bows.");
    await alice.type("scene pause");
    await bob.type("say an aside");
    await alice.type("scene resume");
    await bob.type(":bows back.");
    await alice.type("scene stop");
    await bob.type(":leaves late.");
    const log = await said(bob.type, "scene log 1");
    expect(log[1]).toStartWith("1. [");
    expect(log.slice(1).map(logText)).toEqual(["Alice bows.", "Bob bows back."]);
  });

  test("a private line racing the scene's stop lands in the scene or is refused whole, never shown to the room", async () => {
    await using t = await startTestGame();
    const [alice, bob, carol] = await players(t, "Alice", "Bob", "Carol");
    if (!alice || !bob || !carol) throw new Error("no players");
    await alice.type("scene start");
    await alice.type("scene private");
    await alice.type("scene invite Bob");
    await bob.type("scene join 1");
    const carolOut = await watchConnection(t.client, carol.sessionId, carol.connectionId);
    await carolOut.skipReplay();
    const [stop, pose] = await Promise.all([alice.type("scene stop"), bob.type(":whispers a secret.")]);
    expect(stop.output).toEqual(["Scene 1 is stopped."]);
    const logged = (await said(bob.type, "scene log 1")).some((l) => l.endsWith("Bob whispers a secret."));
    expect(pose.output).toEqual(
      logged
        ? []
        : ["Scene 1 changed before your line was sent, so nobody saw it. Type it again to send it now."],
    );
    await bob.type(":speaks openly.");
    await carol.type("say marker");
    expect(await heardUntil(carolOut, "marker")).toEqual(["speaks openly.", "marker"]);
    await carolOut.close();
  });

  test("export without a number gives the latest scene as text; one too long for the game is refused", async () => {
    await using t = await startTestGame();
    const [alice] = await players(t, "Alice");
    if (!alice) throw new Error("no player");
    await alice.type("scene start Short");
    await alice.type(":nods.");
    await alice.type("scene stop");
    const text = await said(alice.type, "scene export");
    expect(text.slice(0, 2)).toEqual(["Scene 1: Short", "Where: The Lobby"]);
    expect(text.slice(6)).toEqual(["", "[2023-11-14 22:13 UTC] Alice:", "Alice nods.", ""]);
    await alice.type("scene start Long");
    const line = `:${"x".repeat(4000)}`;
    for (let i = 0; i < 270; i++) await alice.type(line);
    expect(await said(alice.type, "scene export 2 markdown")).toEqual([
      'Scene 2\'s log is 1067 KiB, more than the 1024 KiB an export shows; read it with "scene log 2".',
    ]);
    expect((await said(alice.type, "scene log 2 14"))[0]).toBe("Log of scene 2 (Long), page 14 of 14.");
  });
});

describe("redactions, OOC and nudges in the game", () => {
  test("a player redacts their own line, not another's, and the log and export show who redacted it", async () => {
    await using t = await startTestGame();
    const [alice, bob] = await players(t, "Alice", "Bob");
    if (!alice || !bob) throw new Error("no players");
    await alice.type("scene start");
    await bob.type("scene join");
    await alice.type(":draws.");
    await bob.type(":parries.");
    await alice.type("ooc brb & <back>");
    expect(await said(bob.type, "scene redact 1")).toEqual(["Line 1 of scene 1 is not yours to redact."]);
    expect(await said(bob.type, "scene redact 9")).toEqual(["Scene 1's log has 3 lines."]);
    expect(await said(bob.type, "scene redact x")).toEqual(['"x" is not a line number; try "last".']);
    expect(await said(alice.type, "scene redact 1")).toEqual([
      'Line 1 of scene 1 is redacted: logs and exports show "[redacted by Alice]" in its place.',
    ]);
    expect(await said(alice.type, "scene redact 1")).toEqual(["Line 1 of scene 1 is already redacted."]);
    expect((await said(bob.type, "scene log")).slice(1).map(logText)).toEqual([
      "[redacted by Alice]",
      "Bob parries.",
      '<OOC> Alice says, "brb & <back>"',
    ]);
    const html = (await said(bob.type, "scene export 1 html /noooc")).join("\n");
    expect(html).toContain("<p>[redacted by Alice]</p>");
    expect(html).not.toContain("brb");
    expect(await said(bob.type, "scene export 1 html pdf")).toEqual([
      "Usage: scene export [number] [text|markdown|html] [/noooc]",
    ]);
  });

  test("a scene one may not read cannot be exported or redacted in", async () => {
    await using t = await startTestGame();
    const [alice, carol] = await players(t, "Alice", "Carol");
    if (!alice || !carol) throw new Error("no players");
    await alice.type("scene start");
    await alice.type("scene private");
    await alice.type(":whispers.");
    const denied = "Scene 1 is private; only those who took part or were invited may read it.";
    expect(await said(carol.type, "scene export 1 html")).toEqual([denied]);
    expect(await said(carol.type, "scene redact 1 1")).toEqual([denied]);
  });

  test("the next poser is nudged once when the starter turns nudges on, and bad settings get a usage line", async () => {
    await using t = await startTestGame();
    const [alice, bob] = await players(t, "Alice", "Bob");
    if (!alice || !bob) throw new Error("no players");
    await alice.type("scene start");
    await bob.type("scene join");
    expect(await said(bob.type, "scene nudge on")).toEqual([
      "Only Alice, who started scene 1, or an admin may do that.",
    ]);
    expect(await said(alice.type, "scene nudge maybe")).toEqual(["Usage: scene nudge on|off"]);
    expect(await said(alice.type, "scene idle soon")).toEqual([
      'The idle limit is a number of minutes from 1 to 1440, or "off".',
    ]);
    expect(await said(alice.type, "scene idle 45")).toEqual([
      "Scene 1: a participant quiet for over 45 minutes leaves the pose order until they pose.",
    ]);
    expect(await said(alice.type, "scene nudge on")).toEqual([
      "Scene 1: the next poser is told once when it is their turn.",
    ]);
    const bobOut = await watchConnection(t.client, bob.sessionId, bob.connectionId);
    await bobOut.skipReplay();
    await alice.type(":draws.");
    for (;;) {
      const [item] = await bobOut.take(1);
      if (!item) throw new Error("the stream ended first");
      if (item.item.case === "event" && item.item.value.type === "system") {
        expect(String(eventPayload(item.item.value).text)).toContain("It is your turn to pose.");
        break;
      }
    }
    await bobOut.close();
  });

  test("a participant who returns after a connection loss is told where they left off in the scene", async () => {
    await using t = await startTestGame();
    const [alice, bob] = await players(t, "Alice", "Bob");
    if (!alice || !bob) throw new Error("no players");
    await alice.type("scene start The Duel");
    await bob.type("scene join");
    await bob.type(":bows.");
    await t.client.disconnect({ sessionId: bob.sessionId, connectionId: bob.connectionId });
    await alice.type(":draws.");
    await alice.type(":waits.");
    const resumed = await t.client.resumeSession({ resumeToken: bob.resumeToken, connectionId: "Bob-2" });
    const again = await watchConnection(t.client, resumed.session?.sessionId ?? "", "Bob-2");
    const notes: string[] = [];
    for (;;) {
      const [item] = await again.take(1);
      if (!item || item.item.case === "replayEnd") break;
      if (item.item.case === "event" && item.item.value.type === "system")
        notes.push(String(eventPayload(item.item.value).text));
    }
    expect(notes).toContain(
      '%[magenta][Scene 1: The Duel]%[/] You left off after your line 1, at 2023-11-14 22:13 UTC; 2 lines since. Read on with "scene log 1 1".',
    );
    await again.close();
  });
});
