import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { alive } from "./telnet-game.ts";

// Browser tests drive Debian's chromium (installed by .ci/run with apt); no script ever downloads a browser.

/** Where chromium is: $HOLOMUSH_CHROMIUM, else Debian's /usr/bin/chromium. */
export const chromiumPath = process.env.HOLOMUSH_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when chromium is installed. */
export function chromiumMissing(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  return (
    `the browser tests need chromium at ${chromiumPath}, which is missing: ` +
    "install Debian's package (apt-get install chromium, as .ci/run does) or set HOLOMUSH_CHROMIUM"
  );
}

/** A running chromium, stopped by pid on dispose whatever state the connection is in. */
export interface Chromium extends AsyncDisposable {
  readonly browser: Browser;
  readonly pid: number;
}

/** Launches headless chromium as a server process (so its pid is known) and connects to it. */
export async function launchChromium(): Promise<Chromium> {
  const server = await chromium.launchServer({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  const pid = server.process().pid ?? 0;
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    return {
      browser,
      pid,
      async [Symbol.asyncDispose]() {
        await browser.close().catch(() => {});
        await server.close().catch(() => {});
        if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
      },
    };
  } catch (error) {
    if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
    throw error;
  }
}
