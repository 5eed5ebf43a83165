import { describe, expect, test } from "bun:test";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import { useWebGame } from "../support/web-game-suite.ts";
import type { WebPlayer } from "../support/web-player.ts";

/** The serious and critical axe violations on the page, each as one line, for a readable diff. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${v.help}`));
}

// One analysis takes seconds here, so each view is its own test; the three run in order on one page per theme.
describeInBrowser("axe", () => {
  const web = useWebGame();
  for (const scheme of ["light", "dark"] as const)
    describe(`in the ${scheme} theme`, () => {
      let player: WebPlayer | undefined;
      const page = () => {
        if (!player) throw new Error("the login view's test opens the page");
        return player.page;
      };

      test("finds no serious or critical violation on the login view", async () => {
        player = await web.open({ colorScheme: scheme });
        await page().getByRole("form", { name: "Log in" }).waitFor();
        expect(await seriousViolations(page())).toEqual([]);
      }, 30_000);

      test("finds no serious or critical violation on the play view, with a room's look shown", async () => {
        await player?.login(`Axe${scheme}`, `axe-${scheme}-pass-phrase`);
        await player?.send("look");
        await player?.waitForLine(/^(Exits: |There are no obvious exits\.$)/m);
        expect(await seriousViolations(page())).toEqual([]);
      }, 30_000);

      test("finds no serious or critical violation on the settings view", async () => {
        await page().getByRole("button", { name: "Settings" }).click();
        await page().getByRole("dialog", { name: "Settings" }).waitFor();
        expect(await seriousViolations(page())).toEqual([]);
      }, 30_000);

      test("finds no serious or critical violation on a scene's log", async () => {
        await page().getByRole("button", { name: "Close" }).click();
        await player?.send(`scene start Axe ${scheme}`);
        await player?.send("pose checks the contrast.");
        await player?.waitForLine(/checks the contrast\.$/);
        const panel = page().getByRole("complementary", { name: "Scenes" });
        await panel.getByRole("button", { name: "Refresh" }).click();
        await panel.getByRole("button", { name: new RegExp(`Axe ${scheme}$`) }).click();
        const dialog = page().getByRole("dialog", { name: new RegExp(`Axe ${scheme}$`) });
        await dialog.waitFor();
        expect(await seriousViolations(page())).toEqual([]);
        // The other theme's player starts its scene in the same room, which holds one running scene.
        await dialog.getByRole("button", { name: "Close" }).click();
        await player?.send("scene stop");
        await player?.waitForLine(/^Scene \d+ is stopped\.$/);
      }, 30_000);
    });
});
