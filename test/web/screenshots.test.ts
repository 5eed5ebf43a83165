import { expect, test } from "bun:test";
import { statSync } from "node:fs";
import type { Page } from "playwright-core";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import type { PageGlobals } from "../support/page-globals.ts";
import { useWebGame } from "../support/web-game-suite.ts";

/** How much wider than the viewport the page is: 0 when nothing needs a horizontal scroll. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    return document.documentElement.scrollWidth - document.documentElement.clientWidth;
  });

describeInBrowser("screenshots of the main views", () => {
  const web = useWebGame();
  const saved: string[] = [];

  test("login and play on a desktop, with the settings open", async () => {
    const player = await web.open();
    saved.push(await web.screenshot(player.page, "login"));
    await player.login("Painter", "painter-pass-phrase");
    await player.send("look");
    await player.send("say a line to show in the output");
    await player.waitForLine('You say, "a line to show in the output"');
    saved.push(await web.screenshot(player.page, "play-desktop"));
    await player.page.getByRole("button", { name: "Settings" }).click();
    await player.page.getByRole("dialog", { name: "Settings" }).waitFor();
    saved.push(await web.screenshot(player.page, "settings"));
  }, 30_000);

  test("play at 360 px wide fits without a horizontal scroll", async () => {
    const player = await web.open({ viewport: { width: 360, height: 740 } });
    expect(await overflow(player.page)).toBe(0);
    await player.login("Narrow", "narrow-pass-phrase");
    await player.send("say a line long enough to wrap on a narrow phone screen without scrolling sideways");
    await player.waitForLine(/^You say, "a line long enough/);
    expect(await overflow(player.page)).toBe(0);
    saved.push(await web.screenshot(player.page, "play-360px"));
  }, 30_000);

  test("the dark theme", async () => {
    const player = await web.open({ colorScheme: "dark" });
    await player.login("Night", "night-pass-phrase");
    await player.send("say in the dark");
    await player.waitForLine('You say, "in the dark"');
    // The colour behind the output: the first opaque background from the log up; none at all means white.
    const background = await player.page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      let element = page.document.querySelector('[role="log"][aria-label="Game output"]');
      for (; element; element = element.parentElement) {
        const colour = page.getComputedStyle(element).backgroundColor;
        if (!/^rgba\(.*, 0\)$|^transparent$/.test(colour)) return colour;
      }
      return "rgb(255, 255, 255)";
    });
    const [r, g, b] = (background.match(/[\d.]+/g) ?? []).map(Number);
    expect({ background, dark: (r ?? 255) + (g ?? 255) + (b ?? 255) < 3 * 96 }).toEqual({
      background,
      dark: true,
    });
    saved.push(await web.screenshot(player.page, "play-dark"));
  }, 30_000);

  test("every screenshot is a non-empty file", () => {
    expect(saved).toHaveLength(5);
    for (const path of saved) expect(statSync(path).size).toBeGreaterThan(1_000);
  });
});
