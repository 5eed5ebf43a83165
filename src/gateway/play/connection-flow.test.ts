import { describe, expect, test } from "bun:test";
import { DisconnectReason } from "#gen/holomush/core/v1/core_pb.ts";
import { waitUntil } from "./test-support/fake-connection.ts";
import { quitGoodbye } from "./test-support/fake-core.ts";
import { playHarness } from "./test-support/play-harness.ts";

describe("the connection flow", () => {
  test("a new connection sees the welcome banner and how to log in", () => {
    const h = playHarness();
    const { conn } = h.connect();
    expect(conn.transcript[0]).toBe("Welcome to Test MUSH!");
    expect(conn.transcript).toContain("  connect <name> <password>    to play an existing character");
  });

  test("register in one line creates the player and enters the game as its character", async () => {
    const h = playHarness();
    const { conn } = await h.play("Alice", "correct horse");
    expect(conn.transcript).toContain("Welcome, Alice.");
    expect(conn.authenticated).toBe(true);
    expect(conn.gmcp[0]).toEqual({ pkg: "Char.Name", data: { name: "Alice", fullname: "Alice" } });
    expect(h.core.world.players.get("alice")?.password).toBe("correct horse");
    expect(h.service.stats()).toEqual({ connections: 1, playing: 1 });
  });

  test("connect in one line with a wrong password shows one clear line and stays at the login screen", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse");
    const { conn, type } = h.connect();
    type("connect Alice wrong");
    await waitUntil(
      () => conn.transcript.includes("Either that player does not exist, or the password is wrong."),
      "the refusal",
    );
    expect(conn.authenticated).toBe(false);
    type("connect Alice correct horse");
    await waitUntil(() => conn.transcript.includes("Welcome, Alice."), "the welcome");
  });

  test("a taken name and a short password are refused with the core's reason", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse");
    const { conn, type } = h.connect();
    type("register alice something-long");
    type("register Bob short");
    await waitUntil(
      () => conn.transcript.includes("Passwords are at least 8 characters."),
      "the second refusal",
    );
    expect(conn.transcript).toContain("That name is already taken. Please choose another.");
  });

  test("register Carol Smith longpassword is refused with the usage line, and nothing reaches the core", async () => {
    const h = playHarness();
    const { conn, type } = h.connect();
    type("register Carol Smith longpassword");
    await waitUntil(
      () => conn.transcript.some((l) => l.startsWith("Usage: register <name> <password>")),
      "usage",
    );
    type("register");
    type("Carol Smith");
    await waitUntil(
      () => conn.transcript.filter((l) => l.startsWith("Usage: register")).length === 2,
      "usage",
    );
    expect(h.core.world.players.has("carol")).toBe(false);
    expect(conn.authenticated).toBe(false);
  });

  test("prompted registration asks for the password twice and refuses a mismatch without calling the core", async () => {
    const h = playHarness();
    const { conn, type } = h.connect();
    for (const line of ["register", "Dana", "first-password", "other-password"]) type(line);
    await waitUntil(
      () => conn.transcript.some((l) => l.startsWith("The two passwords differ")),
      "the refusal",
    );
    expect(conn.passwordModes.at(-1)).toBe(false);
    expect(h.core.world.players.has("dana")).toBe(false);
    for (const line of ["register Dana", "same-password", "same-password"]) type(line);
    await waitUntil(() => conn.transcript.includes("Welcome, Dana."), "the welcome");
    expect(h.core.world.players.get("dana")?.password).toBe("same-password");
  });

  test("connect guest asks for no password, in one line or at the name prompt", async () => {
    const h = playHarness();
    h.core.world.addPlayer("guest", "", ["Guest-1"]);
    const first = h.connect();
    first.type("connect guest");
    await waitUntil(() => first.conn.transcript.includes("Welcome, Guest-1."), "the guest's welcome");
    const second = h.connect();
    second.type("connect");
    second.type("Guest");
    await waitUntil(() => second.conn.transcript.some((l) => l.endsWith(", Guest-1.")), "the second welcome");
    for (const { conn } of [first, second]) {
      expect(conn.passwordModes).toEqual([]);
      expect(conn.transcript).not.toContain("» Password: ");
    }
  });

  test("connect alone prompts for the name, then the password with echo off, then echo on again", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse");
    const { conn, type } = h.connect();
    type("connect");
    await waitUntil(() => conn.transcript.includes("» Name: "), "the name prompt");
    expect(conn.passwordModes).toEqual([]);
    type("Alice");
    await waitUntil(() => conn.transcript.includes("» Password: "), "the password prompt");
    expect(conn.passwordModes).toEqual([true]);
    type("correct horse");
    await waitUntil(() => conn.transcript.includes("Welcome, Alice."), "the welcome");
    expect(conn.passwordModes).toEqual([true, false]);
  });

  test("a player with several characters chooses from a menu, by number or by name", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse", ["Alice", "Zed"]);
    const { conn, type } = h.connect();
    type("connect Alice correct horse");
    await waitUntil(() => conn.transcript.includes("» Choose a character (number or name): "), "the menu");
    expect(conn.transcript).toContain("  1. Alice");
    expect(conn.transcript).toContain("  2. Zed");
    type("7");
    await waitUntil(
      () => conn.transcript.includes("» Choose a number from 1 to 2, or a name: "),
      "the retry",
    );
    type("2");
    await waitUntil(() => conn.transcript.includes("Welcome, Zed."), "the welcome");
  });

  test("quit at the login screen says goodbye and closes", async () => {
    const h = playHarness();
    const { conn, type } = h.connect();
    type("quit");
    await waitUntil(() => conn.closed, "the close");
    expect(conn.transcript.at(-1)).toBe("Goodbye!");
  });

  test.each(["quit", "QUIT", "quit now"])(
    "%s while playing is the core's command: one goodbye line, the socket closes, the session waits",
    async (line) => {
      const h = playHarness();
      const { conn, type } = await h.play("Alice", "correct horse");
      const from = conn.transcript.length;
      type(line);
      await waitUntil(() => conn.closed, "the close");
      expect(conn.since(from)).toEqual([quitGoodbye]);
      expect(h.core.commands.map((c) => c.line)).toEqual([line]);
      // The core detached the connection itself; the gateway neither disconnects nor resumes it.
      expect(h.core.disconnects).toEqual([]);
      expect([...h.core.world.sessions.values()].map((s) => s.connections.size)).toEqual([0]);
      expect(h.service.stats()).toEqual({ connections: 0, playing: 0 });
    },
  );

  test("a quit pasted after commands runs after them", async () => {
    const h = playHarness();
    const { conn, type } = await h.play("Alice", "correct horse");
    for (const line of ["say one", "say two", "quit"]) type(line);
    await waitUntil(() => conn.closed, "the close");
    expect(h.core.commands.map((c) => c.line)).toEqual(["say one", "say two", "quit"]);
    expect(conn.transcript.at(-1)).toBe(quitGoodbye);
    expect(conn.transcript.filter((l) => l === quitGoodbye)).toHaveLength(1);
  });

  test("a login followed by thirty commands in one paste runs them all after the login, in order", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse");
    const { conn, type } = h.connect();
    const commands = Array.from({ length: 30 }, (_, i) => `say line ${i + 1}`);
    for (const line of ["connect Alice correct horse", ...commands]) type(line);
    await waitUntil(() => conn.transcript.includes(`You say, "line 30"`), "the last say");
    expect(h.core.commands.map((c) => c.line)).toEqual(commands);
    expect(conn.transcript.filter((l) => l.startsWith("You say, "))).toEqual(
      commands.map((_, i) => `You say, "line ${i + 1}"`),
    );
  });

  test("lines typed ahead through the name and password prompts and the menu each land where they were meant", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "correct horse", ["Alice", "Zed"]);
    const { conn, type } = h.connect();
    for (const line of ["connect", "Alice", "correct horse", "2", "say typed ahead"]) type(line);
    await waitUntil(() => conn.transcript.includes(`You say, "typed ahead"`), "the say");
    expect(conn.transcript).toContain("Welcome, Zed.");
    expect(h.core.commands.map((c) => c.line)).toEqual(["say typed ahead"]);
  });

  test("a dropped socket detaches the connection as client-closed", async () => {
    const h = playHarness();
    const { conn } = await h.play("Alice", "correct horse");
    conn.hangUp();
    await waitUntil(() => h.core.disconnects.length === 1, "the disconnect");
    expect(h.core.disconnects[0]?.reason).toBe(DisconnectReason.CLIENT_CLOSED);
  });

  test("no password reaches the log, in the one-line form, the prompted form or a failed attempt", async () => {
    const h = playHarness();
    h.core.world.addPlayer("Alice", "Sw0rdfish-one");
    const a = h.connect();
    a.type("connect Alice Wr0ng-guess-two");
    a.type("connect Alice Sw0rdfish-one");
    await waitUntil(() => a.conn.transcript.includes("Welcome, Alice."), "the welcome");
    const b = h.connect();
    b.type("register");
    b.type("Bob");
    b.type("Pr0mpted-three");
    b.type("Pr0mpted-three");
    await waitUntil(() => b.conn.transcript.includes("Welcome, Bob."), "Bob's welcome");
    const logged = JSON.stringify(h.log.lines());
    expect(logged).toContain("Alice");
    for (const secret of ["Sw0rdfish-one", "Wr0ng-guess-two", "Pr0mpted-three"])
      expect(logged).not.toContain(secret);
  });
});
