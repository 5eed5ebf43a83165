import { expect, test } from "bun:test";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import { useWebGame } from "../support/web-game-suite.ts";
import { guardMs, type WebPlayer } from "../support/web-player.ts";

/** Opens the Scenes panel (or refreshes it when open) and waits until it has answered. */
async function showScenes(player: WebPlayer): Promise<string[]> {
  const panel = player.page.getByRole("complementary", { name: "Scenes" });
  const toggle = player.page.getByRole("button", { name: "Scenes", exact: true });
  if ((await toggle.getAttribute("aria-expanded")) === "true")
    await panel.getByRole("button", { name: "Refresh" }).click();
  else await toggle.click();
  // The click set the status to "Loading…" at once; the answer replaces it.
  await panel
    .getByRole("status")
    .filter({ hasText: /you may read\.$/ })
    .waitFor({ timeout: guardMs });
  return panel.getByRole("listitem").getByRole("button").allTextContents();
}

describeInBrowser("the Scenes panel", () => {
  const web = useWebGame();

  test("a participant lists the scene two players posed in and reads its log in order", async () => {
    const alice = await web.join("Scenealice");
    const bob = await web.telnet("Scenebob");
    const mark = (await alice.lines()).length;
    await alice.send("scene start The Duel");
    await alice.waitForLine(/^You start scene \d+ \(The Duel\)/, mark);
    bob.send("scene join");
    await bob.waitForLine(/^You join scene \d+ \(The Duel\)/);
    await alice.send("scene warning violence");
    await alice.send("pose draws her sword.");
    await alice.waitForLine("Scenealice draws her sword.", mark);
    bob.send("pose parries.");
    await alice.waitForLine("Scenebob parries.", mark);
    await alice.send("ooc brb");
    await alice.waitForLine(/brb/, mark);

    expect(await showScenes(alice)).toEqual([expect.stringMatching(/^Scene \d+: The Duel$/)]);
    const panel = alice.page.getByRole("complementary", { name: "Scenes" });
    await panel.getByRole("button", { name: /The Duel$/ }).click();
    const dialog = alice.page.getByRole("dialog", { name: /The Duel$/ });
    await dialog.waitFor({ timeout: guardMs });
    const log = dialog.getByRole("list", { name: "Log" });
    const lines = await log.getByRole("listitem").allTextContents();
    // Each line opens with its time in the browser's locale, then a space.
    const times = await log.locator("time").allTextContents();
    expect(lines.map((l, i) => l.slice((times[i] ?? "").length + 1))).toEqual([
      "Scenealice draws her sword.",
      "Scenebob parries.",
      'OOC Scenealice says, "brb"',
    ]);
    const facts = await dialog.locator("dl").textContent();
    expect(facts).toContain("violence");
    expect(facts).toContain("Scenealice, Scenebob");
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden", timeout: guardMs });
    expect(alice.pageErrors).toEqual([]);
  }, 60_000);

  test("a private scene is not listed to a player who is not in it", async () => {
    const carol = await web.join("Scenecarol");
    const dave = await web.telnet("Scenedave");
    // The Lobby holds the first test's running scene; a room holds one.
    dave.send("Garden");
    await dave.waitForLine("The Garden");
    dave.send("scene start Secrets");
    await dave.waitForLine(/^You start scene \d+ \(Secrets\)/);
    dave.send("scene private");
    await dave.waitForLine(/is private/);
    dave.send("pose whispers.");
    await dave.waitForLine("Scenedave whispers.");
    expect(await showScenes(carol)).not.toContainEqual(expect.stringMatching(/Secrets/));
    expect(await showScenes(carol)).toEqual([expect.stringMatching(/The Duel$/)]);
    expect(carol.pageErrors).toEqual([]);
  }, 60_000);
});
