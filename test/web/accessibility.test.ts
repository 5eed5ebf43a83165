import { expect, test } from "bun:test";
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import { useWebGame } from "../support/web-game-suite.ts";
import type { WebPlayer } from "../support/web-player.ts";

/** The serious and critical axe violations on the page, each as "rule: target" lines for a readable diff. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${v.help}`));
}

describeInBrowser("axe finds no serious or critical violation", () => {
  const web = useWebGame();

  test.each(["light", "dark"] as const)(
    "on the login, play and settings views, %s theme",
    async (scheme) => {
      const player: WebPlayer = await web.open({ colorScheme: scheme });
      expect({ view: "login", violations: await seriousViolations(player.page) }).toEqual({
        view: "login",
        violations: [],
      });

      await player.login(`Axe${scheme}`, `axe-${scheme}-pass-phrase`);
      // Colour classes are on the page once there is markup: a say in colour and the room's look.
      await player.send("look");
      await player.waitForLine(/^(Exits: |There are no obvious exits\.$)/m);
      expect({ view: "play", violations: await seriousViolations(player.page) }).toEqual({
        view: "play",
        violations: [],
      });

      await player.page.getByRole("button", { name: "Settings" }).click();
      await player.page.getByRole("dialog", { name: "Settings" }).waitFor();
      expect({ view: "settings", violations: await seriousViolations(player.page) }).toEqual({
        view: "settings",
        violations: [],
      });
    },
    30_000,
  );
});
