import { expect, test } from "bun:test";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import { useWebGame } from "../support/web-game-suite.ts";

describeInBrowser("a core killed with kill -9 and started again", () => {
  const web = useWebGame();

  test("the page shows the outage, then resumes; the telnet player's socket stays open throughout", async () => {
    const browser = await web.join("Patient");
    const telnet = await web.telnet("Steady");
    const game = web.game();
    const beforeKill = (await browser.lines()).length;

    await game.killCore();
    await browser.waitForConnection(/^(The game is restarting…|Reconnecting…)$/);
    expect(telnet.closed).toBe(false);
    await game.startCore();
    await browser.waitForConnection("Connected");
    expect(telnet.closed).toBe(false);

    const fromTelnet = telnet.lines.length;
    const fromBrowser = (await browser.lines()).length;
    await browser.send("say the game is back");
    await telnet.waitForLine('Patient says, "the game is back"', fromTelnet);
    telnet.send("say welcome back");
    await browser.waitForLine('Steady says, "welcome back"', fromBrowser);
    // The outage is told once, and so is the way back, on the page as for telnet players.
    const outage = (await browser.lines()).slice(beforeKill);
    expect(outage.filter((l) => /restarting/i.test(l))).toHaveLength(1);
    expect(telnet.closed).toBe(false);
    expect(browser.pageErrors).toEqual([]);
  }, 30_000);
});
