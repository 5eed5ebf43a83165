import { describe, expect, test } from "bun:test";
import { startTestGame } from "#core/game/test-support/game-harness.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

/** Names a new player may take, in several scripts. */
const accepted = [
  "Alice",
  "Zoë",
  "Søren",
  "Ἀλέξανδρος",
  "Юлия",
  "José",
  "山田太郎",
  "김민준",
  "R2D2",
  "x_y-z",
];

/** Names refused on their own, whatever is stored, and the reason's start. */
const refused: readonly (readonly [string, string])[] = [
  ["Carol Smith", "A name must be one word"],
  ["Alice\u200b", "A name cannot hold invisible"],
  ["Ali\u202ece", "A name cannot hold invisible"],
  ["Ali\u2028ce", "A name cannot hold invisible"],
  ["Ali\u0000ce", "A name cannot hold invisible"],
  ["Ａlice", "Please type the letters of your name in their plain form."],
  ["Pаypal", "A name must use the letters of one alphabet."],
  ["Adm1n", "That name is reserved."],
  ["admin_", "That name is reserved."],
  ["ADMlN", "That name is reserved."],
  ["here", "That name is reserved."],
  ["Everyone", "That name is reserved."],
  ["Guest-3", "That name is reserved for guests."],
];

/** Names refused because they look like one already taken ("Alice" and "Bob"; the last is all Cyrillic). */
const lookAlikes = ["AIice", "A1ice", "ALICE", "B0b", "\u0412\u041e\u0412"];

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => String((e as Error).message),
  );

describe("look-alike names are accepted", () => {
  test("a corpus of real names in other scripts is accepted, and each then blocks its own look-alikes", async () => {
    await using t = await startTestGame();
    const register = (name: string) =>
      outcome(t.client.register({ name, password: "password1", clientAddress: "10.0.0.1:1" }));
    for (const name of accepted) expect(`${name}: ${await register(name)}`).toBe(`${name}: ok`);
    for (const [name, reason] of refused) expect(`${name}: ${await register(name)}`).toContain(reason);
    await register("Bob");
    for (const name of lookAlikes)
      expect(`${name}: ${await register(name)}`).toMatch(/: .*(too much like an existing one|already taken)/);
  });

  test("character create follows the same rules as registration", async () => {
    await using t = await startTestGame(undefined, { maxCharacters: 10 });
    const reg = await t.client.register({
      name: "Alice",
      password: "password1",
      clientAddress: "10.0.0.1:1",
    });
    const picked = await t.client.selectCharacter({
      loginTicket: reg.loginTicket,
      characterName: "Alice",
      connectionId: "c1",
      clientAddress: "10.0.0.1:1",
    });
    const sessionId = picked.session?.sessionId ?? "";
    let sequence = 0n;
    const run = async (line: string) =>
      (
        await t.client.handleCommand({ sessionId, connectionId: "c1", sequence: ++sequence, line })
      ).output.join(" ");
    expect(await run("character create AIice")).toBe("That name is too much like an existing one.");
    expect(await run("character create Adm1n")).toBe("That name is reserved.");
    expect(await run("character create Al\u200bice")).toBe(
      "A name cannot hold invisible or control characters.",
    );
    expect(await run("character create Юлия")).toBe("");
    expect(await run("play Юлия")).toBe("You leave Alice and take up Юлия.");
  });
});

// Over the compiled binary and real sockets.
const suite = useTelnetGame();

describe("registration and names over sockets", () => {
  test("register Carol Smith longpassword answers the usage line and makes no player", async () => {
    const p = await suite.connect();
    p.send("register Carol Smith longpassword");
    await p.waitForLine(/^Usage: register <name> <password>\./);
    p.send("connect Carol Smith longpassword");
    await p.waitForLine("Either that player does not exist, or the password is wrong.");
  });

  test("AIice beside Alice is refused as too much like an existing name", async () => {
    await suite.join("Alice");
    const p = await suite.connect();
    p.send("register AIice aiice-pass-phrase");
    await p.waitForLine("That name is too much like an existing one. Please choose another.");
    p.send("register Adm1n adm1n-pass-phrase");
    await p.waitForLine("That name is reserved.");
  });

  test("prompted registration asks for the password twice and refuses a mismatch", async () => {
    const p = await suite.connect();
    for (const line of ["register", "Dana", "first-pass-phrase"]) p.send(line);
    await p.waitForLine(/^Password again:/);
    p.send("second-pass-phrase");
    await p.waitForLine(/^The two passwords differ, so nothing was registered\./);
    for (const line of ["register Dana", "same-pass-phrase", "same-pass-phrase"]) p.send(line);
    await p.waitForLine("Welcome, Dana.");
  });
});
