import { describe, expect, test } from "bun:test";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import { loginPlayer } from "../support/telnet-player.ts";

// Over the compiled binary: a replay bound of 20, and a page burst of 30 that refills one a minute.
const suite = useTelnetGame({
  env: { HOLOMUSH_REPLAY_LIMIT: "20", HOLOMUSH_PAGE_BURST: "30", HOLOMUSH_PAGES_PER_MINUTE: "1" },
});

describe("page floods bury real messages", () => {
  test("a flood of pages to an offline player cannot push out another sender's page, and the flood is rate-limited", async () => {
    const carol = await suite.join("Carol");
    carol.send("quit");
    await carol.waitClosed();
    const dave = await suite.join("Dave");
    dave.send("page Carol = the page that matters");
    await dave.waitForLine('You paged Carol with "the page that matters".');
    const mallory = await suite.join("Mallory");
    // One at a time: the gateway's own handling of many lines typed at once is not what this tests.
    for (let i = 0; i < 30; i++) {
      const at = mallory.lines.length;
      mallory.send(`page Carol = spam ${i}`);
      await mallory.waitForLine(`You paged Carol with "spam ${i}".`, at);
    }
    const from = mallory.lines.length;
    mallory.send("page Carol = spam 30");
    await mallory.waitForLine(/^You are sending private messages too quickly\. Nothing was sent\./, from);

    const again = await suite.connect();
    await loginPlayer(again, "Carol", "carol-pass-phrase", "connect");
    await again.waitForLine("--- end of missed events ---");
    const start = again.lines.indexOf("Welcome back, Carol.");
    const replay = again.lines.slice(start, again.lines.indexOf("--- end of missed events ---"));
    expect(replay).toContain("Dave pages: the page that matters");
    expect(replay).toContain("Mallory pages: spam 29");
    expect(replay).toContain("--- 20 missed events ---");
    expect(replay.some((l) => /^\(\d+ older events were skipped\.\)$/.test(l))).toBe(true);
  });

  test("page/block refuses a sender's pages with a neutral line, page/block lists, page/unblock lifts it", async () => {
    const erin = await suite.join("Erin");
    const frank = await suite.join("Frank");
    erin.send("page/block Frank");
    await erin.waitForLine("You will no longer receive pages or whispers from Frank.");
    erin.send("page/block");
    await erin.waitForLine("You are blocking: Frank.");
    const before = erin.lines.length;
    frank.send("page Erin = let me in");
    await frank.waitForLine("Erin is not accepting your pages. Nothing was sent.");
    erin.send("page/unblock Frank");
    await erin.waitForLine("You will receive pages and whispers from Frank again.");
    frank.send("page Erin = hello");
    await erin.waitForLine("Frank pages: hello", before);
    expect(erin.lines.slice(before)).not.toContain("Frank pages: let me in");
  });
});
