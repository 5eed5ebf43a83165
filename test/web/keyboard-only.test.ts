import { expect, test } from "bun:test";
import type { Locator, Page } from "playwright-core";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import type { PageGlobals } from "../support/page-globals.ts";
import { passwordOf, useWebGame } from "../support/web-game-suite.ts";

/** Presses Tab (only the keyboard) until `target` has the focus; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, what: string, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (
      await target
        .evaluate((el) => el === (globalThis as unknown as PageGlobals).document.activeElement)
        .catch(() => false)
    )
      return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${limit} presses of Tab never reached ${what}`);
}

const focused = (target: Locator) =>
  target.evaluate((el) => el === (globalThis as unknown as PageGlobals).document.activeElement);

describeInBrowser("a player using only the keyboard", () => {
  const web = useWebGame();

  test("logs in, sends a command, and opens and closes a panel and the settings", async () => {
    const name = "Keys";
    const witness = await web.telnet(name);
    witness.send("quit");
    await witness.waitClosed();
    const player = await web.open();
    const { page } = player;
    const form = page.getByRole("form", { name: "Log in" });
    await player.waitForConnection("Connected");

    await tabTo(page, form.getByLabel("Name", { exact: true }), "the Name field");
    await page.keyboard.type(name);
    await tabTo(page, form.getByLabel("Password", { exact: true }), "the Password field");
    await page.keyboard.type(passwordOf(name));
    await page.keyboard.press("Enter");
    await player.waitForLine(/^Welcome( back)?, Keys\.$/);

    const command = page.getByRole("textbox", { name: "Command" });
    await tabTo(page, command, "the Command input");
    const from = (await player.lines()).length;
    await page.keyboard.type("say typed without a mouse");
    await page.keyboard.press("Enter");
    await player.waitForLine('You say, "typed without a mouse"', from);

    const room = page.getByRole("button", { name: "Room" });
    await tabTo(page, room, "the Room button");
    const before = await room.getAttribute("aria-expanded");
    expect(before === "true" || before === "false").toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForFunction((was) => {
      const { document } = globalThis as unknown as PageGlobals;
      const button = Array.from(document.querySelectorAll("button")).find(
        (b) => b.textContent?.trim() === "Room",
      );
      return button && button.getAttribute("aria-expanded") !== was;
    }, before);
    expect(await page.getByRole("complementary", { name: "Room" }).isVisible()).toBe(before === "false");
    await tabTo(page, room, "the Room button again");
    await page.keyboard.press("Enter");
    await page.waitForFunction((was) => {
      const { document } = globalThis as unknown as PageGlobals;
      const button = Array.from(document.querySelectorAll("button")).find(
        (b) => b.textContent?.trim() === "Room",
      );
      return button && button.getAttribute("aria-expanded") === was;
    }, before);

    const settings = page.getByRole("button", { name: "Settings" });
    await tabTo(page, settings, "the Settings button");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Settings" });
    await dialog.waitFor();
    expect(
      await dialog.evaluate((el) =>
        el.contains((globalThis as unknown as PageGlobals).document.activeElement),
      ),
    ).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await focused(settings)).toBe(true);
  }, 30_000);
});
