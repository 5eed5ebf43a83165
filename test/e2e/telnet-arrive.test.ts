import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { helpFiles } from "#gen/help/help-files.ts";
import { runHolomush } from "../support/holomush-binary.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

// A player's first minutes over the compiled binary and real telnet: the message of the day and the room on
// arrival, help from the topics compiled into the binary, and no demo echo after a say.
const motdDir = mkdtempSync(join(tmpdir(), "holomush-e2e-motd-"));
const motdFile = join(motdDir, "motd.txt");
writeFileSync(motdFile, "Welcome to the e2e game.\n");
afterAll(() => rmSync(motdDir, { recursive: true, force: true }));

const suite = useTelnetGame({ env: { HOLOMUSH_MOTD_FILE: motdFile } });

describe("arriving and asking for help over telnet", () => {
  test("a new player sees the welcome, the message of the day, then the Lobby", async () => {
    const alice = await suite.join("Alice");
    const from = alice.lines.indexOf("Welcome, Alice.");
    await alice.waitForLine(/^Exits: /, from);
    const seen = alice.lines.slice(from);
    expect(seen.slice(0, 4)).toEqual([
      "Welcome, Alice.",
      "Message of the day",
      "Welcome to the e2e game.",
      "The Lobby",
    ]);
  });

  test("help, help say, help search and an unknown topic answer from the compiled-in topics", async () => {
    const bob = await suite.join("Bob");
    await bob.waitForLine(/^Exits: /);
    let from = bob.lines.length;
    bob.send("help say");
    await bob.waitForLine(/^See also: pose, ooc, whisper\.$/, from);
    expect(bob.lines.slice(from, from + 3)).toEqual([
      "say",
      "",
      'say <text> speaks to everyone in the room. "<text> does the same with no',
    ]);
    from = bob.lines.length;
    bob.send("help");
    await bob.waitForLine("New here? Start with help newbie.", from);
    // The category's topics wrap over two lines.
    const shown = bob.lines.slice(from);
    const communication = shown.findIndex((l) => /^ {2}Communication: /.test(l));
    expect(shown.slice(communication, communication + 2).join(" ")).toMatch(/\bsay\b/);
    from = bob.lines.length;
    bob.send("help search whisper");
    await bob.waitForLine(/^ {2}Topics that mention "whisper": /, from);
    from = bob.lines.length;
    bob.send("help sya");
    await bob.waitForLine('There is no help on "sya". Did you mean: say?', from);
  });

  test("a say is not echoed back by the demo plugin, which a normal game does not load", async () => {
    const carol = await suite.join("Carol");
    await carol.waitForLine(/^Exits: /);
    carol.send("say Hello?");
    await carol.waitForLine('You say, "Hello?"');
    carol.send("roll 1d6");
    await carol.waitForLine(/^Carol rolls 1d6: /);
    expect(carol.lines.filter((l) => l.startsWith("Echo:"))).toEqual([]);
  });

  test("holomush core reload reads the motd file and the help directory again", async () => {
    writeFileSync(motdFile, "The motd has changed.\n");
    const reloaded = await runHolomush(suite.game().binary, ["core", "reload", ...suite.game().dirs.flags]);
    expect({ code: reloaded.code, stdout: reloaded.stdout }).toEqual({
      code: 0,
      stdout: `core reloaded 1 plugin\n  dice 1.0.0\nhelp: ${helpFiles.length} topics, 0 from the help directory\nmotd file: read\n`,
    });
    const dora = await suite.join("Dora");
    await dora.waitForLine("The motd has changed.");
  });
});
