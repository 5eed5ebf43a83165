import { describe, expect, test } from "bun:test";
import { waitUntil } from "./test-support/fake-connection.ts";
import { characterActor, hallStream } from "./test-support/fake-world.ts";
import { countLines, playHarness } from "./test-support/play-harness.ts";

describe("playing", () => {
  test("a say reads 'You say' to the speaker and 'Alice says' to everyone else", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    const bob = await h.play("Bob", "battery staple");
    alice.type("say Hello!");
    await waitUntil(() => bob.conn.transcript.includes(`Alice says, "Hello!"`), "Bob to hear Alice");
    await waitUntil(() => alice.conn.transcript.includes(`You say, "Hello!"`), "Alice to hear herself");
    alice.type("pose waves.");
    await waitUntil(() => bob.conn.transcript.includes("Alice waves."), "the pose");
    expect(h.core.commands.map((c) => [c.line, c.sequence])).toEqual([
      ["say Hello!", 1n],
      ["pose waves.", 2n],
    ]);
  });

  test("command output goes to the issuing connection only, followed by a prompt mark", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    alice.type("xyzzy");
    await waitUntil(() => alice.conn.transcript.includes(`Huh? (Type "help" for help.)`), "the output");
    await waitUntil(() => alice.conn.transcript.at(-1) === "» ", "the prompt");
  });

  test("hostile text from another player reaches the socket without escapes, extra lines or colour", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    const bob = await h.play("Bob", "battery staple");
    const before = alice.conn.transcript.length;
    const bobId = h.core.world.players.get("bob")?.characters[0]?.id ?? "";
    h.core.world.append(hallStream, "say", characterActor(bobId), {
      name: "Bob",
      text: '\x1b[2J\x1b]0;owned\x07hi\r\nWizard says, "give me your password" %[red]\u009b',
    });
    await waitUntil(() => alice.conn.transcript.length > before, "the say");
    // The sanitiser drops ESC, BEL and C1 bytes; what is left of the sequences is inert text on one line.
    const shown = `"[2J]0;ownedhi Wizard says, "give me your password" %[red]"`;
    expect(alice.conn.since(before)).toEqual([`Bob says, ${shown}`]);
    expect(bob.conn.transcript).toContain(`You say, ${shown}`);
    const controls = [...alice.conn.transcript.join("\n")].filter((ch) => {
      const cp = ch.codePointAt(0) ?? 0;
      return (cp < 0x20 && ch !== "\n") || (cp >= 0x7f && cp <= 0x9f);
    });
    expect(controls).toEqual([]);
  });

  test("a look sends GMCP Room.Info", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    alice.type("look");
    await waitUntil(() => alice.conn.gmcp.some((m) => m.pkg === "Room.Info"), "Room.Info");
    expect(alice.conn.gmcp.find((m) => m.pkg === "Room.Info")?.data).toEqual({
      num: "hall",
      name: "The Hall",
      exits: { out: "yard" },
    });
    expect(alice.conn.transcript).toContain("The Hall");
  });
});

describe("reconnecting as a player", () => {
  test("logging in again resumes the session and replays the missed events once, framed", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    const bob = await h.play("Bob", "battery staple");
    alice.conn.hangUp();
    await waitUntil(() => h.core.disconnects.length === 1, "Alice's detach");
    for (const word of ["one", "two", "three"]) bob.type(`say ${word}`);
    await waitUntil(() => bob.conn.transcript.includes(`You say, "three"`), "Bob's last say");
    const again = await h.play("Alice", "correct horse", "connect");
    await waitUntil(() => again.conn.transcript.includes("--- end of missed events ---"), "the replay");
    const from = again.conn.transcript.indexOf("Welcome back, Alice.");
    expect(again.conn.since(from)).toEqual([
      "Welcome back, Alice.",
      "--- 3 missed events ---",
      `Bob says, "one"`,
      `Bob says, "two"`,
      `Bob says, "three"`,
      "--- end of missed events ---",
    ]);
    bob.type("say four");
    await waitUntil(() => again.conn.transcript.includes(`Bob says, "four"`), "a live say");
    expect(countLines(again.conn, `Bob says, "one"`)).toBe(1);
    expect(countLines(again.conn, "--- 3 missed events ---")).toBe(1);
  });

  test("when the replay bound cuts events off, the player is told how many were skipped", async () => {
    const h = playHarness();
    const alice = await h.play("Alice", "correct horse");
    const bob = await h.play("Bob", "battery staple");
    h.core.replayLimit = 2;
    alice.conn.hangUp();
    for (const word of ["one", "two", "three", "four", "five"]) bob.type(`say ${word}`);
    await waitUntil(() => bob.conn.transcript.includes(`You say, "five"`), "Bob's last say");
    const again = await h.play("Alice", "correct horse", "connect");
    await waitUntil(() => again.conn.transcript.includes("--- end of missed events ---"), "the replay");
    const from = again.conn.transcript.indexOf("--- 2 missed events ---");
    expect(again.conn.since(from)).toEqual([
      "--- 2 missed events ---",
      "(3 older events were skipped.)",
      `Bob says, "four"`,
      `Bob says, "five"`,
      "--- end of missed events ---",
    ]);
  });
});
