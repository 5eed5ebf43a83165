import { afterAll, beforeAll } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type Chromium, launchChromium } from "./chromium.ts";
import { startTelnetGame, type TelnetGame, type TelnetGameOptions } from "./telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "./telnet-player.ts";
import { openWebPlayer, type WebPlayer, type WebPlayerOptions } from "./web-player.ts";

/** Where the browser tests save their screenshots (gitignored; CI keeps them as artifacts). */
export const screenshotDir = join(import.meta.dir, "../../.tmp/screenshots");

/** A game from the compiled binary and one chromium, shared by one test file's tests. */
export interface WebGameSuite {
  /** The running game (only inside tests). */
  game(): TelnetGame;
  /** The web client's address, `http://127.0.0.1:<port>/`. */
  url(): string;
  /** A browser player on a fresh context, closed with the suite. */
  open(options?: WebPlayerOptions): Promise<WebPlayer>;
  /** A browser player logged in as `name` (password `<name>-pass-phrase`). */
  join(
    name: string,
    options?: WebPlayerOptions & { readonly how?: "register" | "connect" },
  ): Promise<WebPlayer>;
  /** A telnet player logged in as `name` (password `<name>-pass-phrase`). */
  telnet(name: string, how?: "register" | "connect"): Promise<TelnetPlayer>;
  /** Saves a full-page screenshot as .tmp/screenshots/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
}

/** The password every suite player gets. */
export const passwordOf = (name: string): string => `${name.toLowerCase()}-pass-phrase`;

/** Call inside describeInBrowser: starts the game and chromium before the tests, stops both by pid after. */
export function useWebGame(options: TelnetGameOptions = {}): WebGameSuite {
  let game: TelnetGame | undefined;
  let chromium: Chromium | undefined;
  const players: WebPlayer[] = [];
  const telnets: TelnetPlayer[] = [];
  beforeAll(async () => {
    [game, chromium] = await Promise.all([startTelnetGame(options), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    for (const player of players) await player[Symbol.asyncDispose]();
    for (const player of telnets) await player[Symbol.asyncDispose]();
    await chromium?.[Symbol.asyncDispose]();
    await game?.[Symbol.asyncDispose]();
  });
  const running = (): { game: TelnetGame; chromium: Chromium } => {
    if (!game || !chromium) throw new Error("the web game runs only while the file's tests run");
    return { game, chromium };
  };
  const url = () => `http://127.0.0.1:${running().game.webPort}/`;
  const open = async (playerOptions: WebPlayerOptions = {}) => {
    const player = await openWebPlayer(running().chromium.browser, url(), playerOptions);
    players.push(player);
    return player;
  };
  return {
    game: () => running().game,
    url,
    open,
    async join(name, joinOptions = {}) {
      const player = await open(joinOptions);
      await player.login(name, passwordOf(name), joinOptions.how ?? "register");
      return player;
    },
    async telnet(name, how = "register") {
      const player = await connectTelnetPlayer(running().game.telnetPort);
      telnets.push(player);
      await player.waitForLine(/^ {2}quit +to leave$/);
      await loginPlayer(player, name, passwordOf(name), how);
      return player;
    },
    async screenshot(page, name) {
      mkdirSync(screenshotDir, { recursive: true });
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
  };
}
