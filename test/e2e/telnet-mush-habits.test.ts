import { describe, expect, test } from "bun:test";
import { typeAndSee, useTelnetGame } from "../support/telnet-game-suite.ts";

// A MUSH veteran's habits over the compiled binary: +who, where, think, @pemit and doing, with exact lines.
const ADMIN_PASSWORD = "admin-pass-phrase";
const suite = useTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
const type = typeAndSee;

describe("MUSH habits over telnet", () => {
  test("doing, +who, where, think and @pemit answer as a PennMUSH player expects", async () => {
    const admin = await suite.join("admin", "connect", ADMIN_PASSWORD);
    const alice = await suite.join("Alice");
    await type(alice, "doing Reading the map", "Doing: Reading the map");
    const from = alice.lines.length;
    alice.send("+who");
    await alice.waitForLine("2 characters are connected.", from);
    const who = alice.lines.slice(from);
    expect(who[0]).toBe("Player Name            On For  Idle  Doing");
    expect(who.find((l) => l.startsWith("Alice"))).toMatch(/^Alice {16,}00:0\d +\d+s {2}Reading the map$/);
    expect(who.filter((l) => l.startsWith("admin"))).toHaveLength(1);
    await type(alice, "where", "The Lobby: admin, Alice");
    const mark = alice.lines.length;
    alice.send("think Only I can read this.");
    await alice.waitForLine("Only I can read this.", mark);
    await type(alice, "@pemit admin = hello", "Only admins may emit.");
    await type(admin, "@pemit Alice = A cold wind finds you.", "You emit to Alice: A cold wind finds you.");
    await alice.waitForLine("A cold wind finds you.", mark);
    expect(admin.lines).not.toContain("Only I can read this.");
  });
});
