import { describe, test } from "bun:test";
import { typeAndSee, useTelnetGame } from "../support/telnet-game-suite.ts";

// Locks over the compiled binary: a lock is compiled to a Cedar forbid, stored, and stops a player at once
// with its fail message; an unlock lets them through at once.
const ADMIN_PASSWORD = "admin-pass-phrase";
const suite = useTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
const arrive = (name: string, how: "register" | "connect" = "register", password?: string) =>
  suite.join(name, how, password);
const type = typeAndSee;

describe("locks over telnet", () => {
  test("an exit locked to flag:member stops Bob with its fail message until he is a member", async () => {
    const admin = await arrive("admin", "connect", ADMIN_PASSWORD);
    const alice = await arrive("Alice");
    const bob = await arrive("Bob");
    await type(admin, "role alice = builder", /Alice is now a builder/);
    await type(alice, "dig Tavern", /^Dug Tavern \(/);
    await type(admin, "teleport alice = Tavern", "Teleported Alice to Tavern.");
    await type(admin, "teleport bob = Tavern", "Teleported Bob to Tavern.");
    await type(alice, "open Back;b = lobby", /^Opened Back/);
    await type(alice, "lock back = flag:member", "Locked Back: flag:member");
    await type(alice, "lock/fail back = Members only, friend.", "Back has a fail message now.");
    await type(alice, "look back", "Locked: flag:member");
    await type(bob, "back", "Members only, friend.");
    await type(admin, "flag bob = member", "Bob is now member.");
    await type(bob, "back", /The Lobby/);
  });
});
