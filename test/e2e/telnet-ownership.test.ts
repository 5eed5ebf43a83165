import { describe, expect, test } from "bun:test";
import { typeAndSee, useTelnetGame } from "../support/telnet-game-suite.ts";

// Ownership over the compiled binary: its policy engine (Cedar's WebAssembly, embedded) refuses a builder
// who changes another builder's room.
const ADMIN_PASSWORD = "admin-pass-phrase";
const suite = useTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
const arrive = (name: string, how: "register" | "connect" = "register", password?: string) =>
  suite.join(name, how, password);
const type = typeAndSee;

describe("ownership over telnet", () => {
  test("Carol, a builder, is refused @name and describe on Alice's room; Alice is not", async () => {
    const admin = await arrive("admin", "connect", ADMIN_PASSWORD);
    const alice = await arrive("Alice");
    const carol = await arrive("Carol");
    await type(admin, "role alice = builder", /Alice is now a builder/);
    await type(admin, "role carol = builder", /Carol is now a builder/);
    await type(alice, "dig Tavern", /^Dug Tavern \(/);
    await type(admin, "teleport alice = Tavern", "Teleported Alice to Tavern.");
    await type(admin, "teleport carol = Tavern", "Teleported Carol to Tavern.");
    await type(carol, "@name here = Carol's Place", "You may not rename Tavern.");
    await type(carol, "describe here = Ruined.", "You may not describe Tavern.");
    await type(alice, "describe here = Warm and smoky.", "Described Tavern.");
    await type(alice, "@name here = The Tavern", "Renamed Tavern to The Tavern.");
    const from = carol.lines.length;
    carol.send("look");
    await carol.waitForLine("The Tavern", from);
    expect(carol.lines.slice(from)).toContain("Warm and smoky.");
  });
});
