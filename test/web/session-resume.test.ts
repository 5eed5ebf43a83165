import { expect, test } from "bun:test";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import { useWebGame } from "../support/web-game-suite.ts";

const missedLine = /^--- (\d+) missed events?( \(.*\))? ---$/;

describeInBrowser("the browser keeps its session", () => {
  const web = useWebGame();

  test("a reload gets the session back without the login form, and the player can go on talking", async () => {
    const browser = await web.join("Reloader");
    const telnet = await web.telnet("Witness");
    await browser.page.reload();
    await browser.waitForConnection("Connected");
    expect(await browser.page.getByRole("form", { name: "Log in" }).isVisible()).toBe(false);

    const from = telnet.lines.length;
    await browser.send("say still here after a reload");
    await telnet.waitForLine('Reloader says, "still here after a reload"', from);
  }, 30_000);

  test("a closed tab, reopened, shows what it missed once, in order, after one missed-events line", async () => {
    const browser = await web.join("Closer");
    const telnet = await web.telnet("Talker");
    telnet.send("say seen before the tab closed");
    await browser.waitForLine('Talker says, "seen before the tab closed"');
    // The tab's network goes first, then the tab: what the gateway writes to the socket meanwhile is never
    // shown, and must be replayed, because the cursor moves only by what the browser says it showed.
    await browser.context.setOffline(true);
    const said = Array.from({ length: 5 }, (_, i) => `while you were away ${i + 1}`);
    for (const text of said) {
      const from = telnet.lines.length;
      telnet.send(`say ${text}`);
      await telnet.waitForLine(`You say, "${text}"`, from);
    }

    await browser.closePage();
    await browser.context.setOffline(false);
    await browser.reopen();
    await browser.waitForLine(`Talker says, "${said.at(-1)}"`);
    await browser.waitForConnection("Connected");
    const lines = await browser.lines();
    const notices = lines.filter((l) => missedLine.test(l));
    expect(notices).toHaveLength(1);
    const notice = lines.indexOf(notices[0] as string);
    const heard = lines.filter((l) => l.startsWith("Talker says, "));
    // Exactly once across the two tabs: what the first showed is not shown again.
    expect(heard).toEqual(said.map((t) => `Talker says, "${t}"`));
    // Every missed say comes after the notice, and the notice counts at least them.
    expect(lines.indexOf(heard[0] as string)).toBeGreaterThan(notice);
    expect(Number(missedLine.exec(notices[0] as string)?.[1])).toBeGreaterThanOrEqual(said.length);
    expect(browser.pageErrors).toEqual([]);
  }, 30_000);
});
