import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from "playwright-core";
import type { PageGlobals } from "./page-globals.ts";

// A browser player for the web e2e tests: one browser context (its own localStorage and IndexedDB) and a page
// on the game's web address, driven through the roles and labels the web client promises (its README).
// Every wait is on a condition in the page, with a guard deadline that only turns a hang into a failure.

/** How long a wait may take before the test fails; generous, since CI machines can be loaded. */
export const guardMs = 20_000;

/** A logged-out or playing browser player. */
export interface WebPlayer extends AsyncDisposable {
  readonly context: BrowserContext;
  /** The current page (a new one after reopen()). */
  readonly page: Page;
  /** Uncaught exceptions in the page so far: a working client has none. */
  readonly pageErrors: readonly string[];
  /** The output lines now in the DOM, as text. */
  lines(): Promise<string[]>;
  /** Resolves with the first output line at index ≥ `from` that matches. */
  waitForLine(match: string | RegExp, from?: number): Promise<string>;
  /** The text of the Connection status. */
  connection(): Promise<string>;
  /** Resolves once the Connection status matches. */
  waitForConnection(match: string | RegExp): Promise<void>;
  /** Types `text` into the Command input and presses Enter. */
  send(text: string): Promise<void>;
  /** Logs in through the form (creating the account first with "register"); resolves once playing. */
  login(name: string, password: string, how?: "register" | "connect"): Promise<void>;
  /** The texts of the items in the Pending commands list. */
  pending(): Promise<string[]>;
  /** Closes the page (the tab) and keeps the context. */
  closePage(): Promise<void>;
  /** Opens a new page on the game in the same context. */
  reopen(): Promise<void>;
}

/** Options for one browser player. */
export interface WebPlayerOptions {
  readonly viewport?: { readonly width: number; readonly height: number };
  readonly colorScheme?: "light" | "dark";
}

const source = (match: string | RegExp) =>
  typeof match === "string" ? { text: match } : { pattern: match.source, flags: match.flags };

/** The Game output log. */
export const gameOutput = (page: Page): Locator => page.getByRole("log", { name: "Game output" });

/** Opens a context and a page on `url` and waits until the app shows its Connection status. */
export async function openWebPlayer(
  browser: Browser,
  url: string,
  options: WebPlayerOptions = {},
): Promise<WebPlayer> {
  const contextOptions: BrowserContextOptions = {
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
  };
  const context = await browser.newContext(contextOptions);
  context.setDefaultTimeout(guardMs);
  const pageErrors: string[] = [];
  let page: Page;
  const open = async () => {
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.getByRole("status", { name: "Connection" }).waitFor();
  };
  await open();

  const lines = () => gameOutput(page).locator(".line").allTextContents();
  const connection = async () =>
    ((await page.getByRole("status", { name: "Connection" }).textContent()) ?? "").trim();

  const player: WebPlayer = {
    context,
    get page() {
      return page;
    },
    pageErrors,
    lines,
    async waitForLine(match, from = 0) {
      const handle = await page
        .waitForFunction(
          ({ match, from }) => {
            const { document } = globalThis as unknown as PageGlobals;
            const log = document.querySelector('[role="log"][aria-label="Game output"]');
            const texts = Array.from(log?.querySelectorAll(".line") ?? []).map((l) => l.textContent ?? "");
            const test = (t: string) =>
              "text" in match ? t === match.text : new RegExp(match.pattern, match.flags).test(t);
            return texts.slice(from).find(test);
          },
          { match: source(match), from },
          { polling: 25, timeout: guardMs },
        )
        .catch(async (error: unknown) => {
          const tail = (await lines().catch(() => [])).slice(-15).join("\n");
          throw new Error(`gave up waiting for a line matching ${String(match)}; last lines:\n${tail}`, {
            cause: error,
          });
        });
      return (await handle.jsonValue()) as string;
    },
    connection,
    async waitForConnection(match) {
      await page
        .waitForFunction(
          (match) => {
            const { document } = globalThis as unknown as PageGlobals;
            const text =
              document.querySelector('[role="status"][aria-label="Connection"]')?.textContent ?? "";
            return "text" in match
              ? text.trim() === match.text
              : new RegExp(match.pattern, match.flags).test(text.trim());
          },
          source(match),
          { polling: 25, timeout: guardMs },
        )
        .catch(async (error: unknown) => {
          const now = await connection().catch(() => "?");
          throw new Error(`the Connection status stayed "${now}", not ${String(match)}`, { cause: error });
        });
    },
    async send(text) {
      const input = page.getByRole("textbox", { name: "Command" });
      await input.fill(text);
      await input.press("Enter");
    },
    async login(name, password, how = "register") {
      // As a player would: the form shows from the first paint, and answers "not connected yet" until then.
      await player.waitForConnection("Connected");
      const form = page.getByRole("form", { name: "Log in" });
      await form.getByLabel("Name", { exact: true }).fill(name);
      await form.getByLabel("Password", { exact: true }).fill(password);
      if (how === "register") {
        const again = form.getByLabel("Password again", { exact: true });
        const create = form.getByRole("button", { name: "Create account" });
        // The first press of "Create account" shows the second password field, when it is not shown yet.
        if (!(await again.isVisible())) await create.click();
        await again.fill(password);
        await create.click();
      } else {
        await form.getByRole("button", { name: "Log in" }).click();
      }
      await player.waitForLine(new RegExp(`^Welcome( back)?, ${name}\\.$`));
    },
    async pending() {
      return page
        .getByRole("list", { name: "Pending commands" })
        .getByRole("listitem")
        .allTextContents()
        .catch(() => []);
    },
    async closePage() {
      await page.close();
    },
    reopen: open,
    async [Symbol.asyncDispose]() {
      await context.close().catch(() => {});
    },
  };
  return player;
}
