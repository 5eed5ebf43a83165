import { expect, test } from "bun:test";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import { useWebGame } from "../support/web-game-suite.ts";

describeInBrowser("a browser player and a telnet player", () => {
  const web = useWebGame();

  test("a new player registers in the browser and hears a telnet player, and is heard, with the exact text", async () => {
    const browser = await web.join("Webber");
    expect(await browser.connection()).toBe("Connected");
    const telnet = await web.telnet("Telly");

    const heardByBrowser = (await browser.lines()).length;
    telnet.send('say Hello from telnet: <b>not bold</b> & "quotes"');
    expect(await browser.waitForLine(/^Telly says, /, heardByBrowser)).toBe(
      'Telly says, "Hello from telnet: <b>not bold</b> & "quotes""',
    );

    const heardByTelnet = telnet.lines.length;
    const ownEcho = (await browser.lines()).length;
    await browser.send("say Hi from the browser, 100% sure.");
    await browser.waitForLine('You say, "Hi from the browser, 100% sure."', ownEcho);
    expect(await telnet.waitForLine(/^Webber says, /, heardByTelnet)).toBe(
      'Webber says, "Hi from the browser, 100% sure."',
    );
    // The page's markup is text, never HTML: the telnet player's tag did not become an element.
    expect(await browser.page.locator('[role="log"] b').count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
  }, 30_000);
});
