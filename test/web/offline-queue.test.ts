import { expect, test } from "bun:test";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import type { PageGlobals } from "../support/page-globals.ts";
import { useWebGame } from "../support/web-game-suite.ts";

/** A line that another player sees for one of Roamer's commands (not the connect and disconnect notices). */
const said = (line: string) => /^Roamer (says|types)/.test(line);

describeInBrowser("commands typed while offline", () => {
  const web = useWebGame();

  test("show as pending, then each runs once, in order, when the browser is back online", async () => {
    const browser = await web.join("Roamer");
    const listener = await web.telnet("Listener");
    const commands = ["say offline one", "pose types in a tunnel.", "say offline three"];
    const heardAs = [
      'Roamer says, "offline one"',
      "Roamer types in a tunnel.",
      'Roamer says, "offline three"',
    ];
    const from = listener.lines.length;

    await browser.context.setOffline(true);
    await browser.waitForConnection(/^(Offline|Reconnecting…|Connecting…)$/);
    for (const command of commands) await browser.send(command);
    await browser.page.waitForFunction(
      (n) =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll(
          '[aria-label="Pending commands"] :is(li, [role="listitem"])',
        ).length === n,
      commands.length,
      { polling: 25 },
    );
    expect(await browser.pending()).toEqual(commands.map((c) => expect.stringContaining(c)));
    expect(listener.lines.slice(from).filter(said)).toEqual([]);

    await browser.context.setOffline(false);
    await browser.waitForConnection("Connected");
    await listener.waitForLine(heardAs[2] as string, from);
    await browser.page.waitForFunction(
      () =>
        (globalThis as unknown as PageGlobals).document.querySelectorAll(
          '[aria-label="Pending commands"] :is(li, [role="listitem"])',
        ).length === 0,
      undefined,
      { polling: 25 },
    );
    // Ask something answered after everything typed before, so a duplicate would be in by now.
    const settled = listener.lines.length;
    await browser.send("say settled");
    await listener.waitForLine('Roamer says, "settled"', settled);
    const heard = listener.lines.slice(from).filter(said);
    expect(heard).toEqual([...heardAs, 'Roamer says, "settled"']);
    const echoes = (await browser.lines()).filter((l) => /^(You say, "offline|Roamer types in)/.test(l));
    expect(echoes).toEqual([
      'You say, "offline one"',
      "Roamer types in a tunnel.",
      'You say, "offline three"',
    ]);
  }, 30_000);

  test("a login sent while offline is refused aloud, and the form keeps what was typed", async () => {
    const player = await web.open();
    await player.waitForConnection("Connected");
    await player.context.setOffline(true);
    await player.waitForConnection("Offline");
    const form = player.page.getByRole("form", { name: "Log in" });
    await form.getByLabel("Name", { exact: true }).fill("Early");
    await form.getByLabel("Password", { exact: true }).fill("early-pass-phrase");
    await form.getByRole("button", { name: "Log in" }).click();
    await form.getByRole("alert").filter({ hasText: "not connected" }).waitFor();
    expect(await form.getByLabel("Password", { exact: true }).inputValue()).toBe("early-pass-phrase");
    await player.context.setOffline(false);
  }, 30_000);
});
