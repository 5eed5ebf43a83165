import { describe, expect, test } from "bun:test";
import { typeAndSee, useTelnetGame } from "../support/telnet-game-suite.ts";

// Attributes, examine and %-substitutions over the compiled binary, with the lines a player reads.
const ADMIN_PASSWORD = "admin-pass-phrase";
const suite = useTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
const type = typeAndSee;

describe("attributes over telnet", () => {
  test("a builder digs, describes with %r, sets attributes with & and @set, and examines them", async () => {
    const admin = await suite.join("admin", "connect", ADMIN_PASSWORD);
    const alice = await suite.join("Alice", "register");
    await type(admin, "role alice = builder", /Alice is now a builder/);
    await type(alice, "@dig Studio", /^Dug Studio \(/);
    await type(admin, "teleport alice = Studio", "Teleported Alice to Studio.");
    await type(alice, "@desc here = Line one%rLine two", "Described Studio.");
    const from = alice.lines.length;
    await type(alice, "look", "Line two");
    const look = alice.lines.slice(from);
    expect(look.slice(look.indexOf("Studio"), look.indexOf("Line two") + 1)).toEqual([
      "Studio",
      "Line one",
      "Line two",
    ]);
    await type(alice, "&MOOD me = happy", "Set MOOD on Alice.");
    const examined = alice.lines.length;
    await type(alice, "examine me", "  MOOD: happy");
    const lines = alice.lines.slice(examined);
    const head = lines.findIndex((l) => /^Alice \(#[0-9A-Z]+\)$/.test(l));
    const id = lines[head]?.slice("Alice (#".length, -1);
    expect(lines.slice(head, head + 5)).toEqual([
      `Alice (#${id})`,
      "Type: character",
      `Owner: Alice (#${id})`,
      "Flags: none",
      expect.stringMatching(/^Location: Studio \(#[0-9A-Z]+\)$/),
    ]);
    expect(lines.slice(-3)).toEqual(["Description: none", "Attributes:", "  MOOD: happy"]);
    await type(alice, "@set here = NOTE:hello", "Set NOTE on Studio.");
    await type(alice, "examine here", "  NOTE: hello");
  });
});
