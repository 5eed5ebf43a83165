// What a first visit costs on loopback: the bytes of HTML, JS and CSS as served with gzip, and how long until
// the player sees something (a WebSocket's first line; chromium's login form).
import { request } from "node:http";
import type { Browser } from "playwright-core";
import { connectWsPlayer } from "./ws-player.ts";

/** One file of the first load, as served. */
export interface ServedFile {
  readonly path: string;
  readonly bytes: number;
  readonly encoding: string;
}

/** GETs `path` with `Accept-Encoding: gzip` and counts the bytes on the wire (not decompressed). */
function served(port: number, path: string): Promise<ServedFile & { readonly body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { "accept-encoding": "gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        if ((res.statusCode ?? 0) >= 400) return reject(new Error(`GET ${path}: ${res.statusCode}`));
        resolve({
          path,
          bytes: body.length,
          encoding: String(res.headers["content-encoding"] ?? "none"),
          body,
        });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** The scripts, module preloads and stylesheets an HTML page names, as paths. */
export function pageAssets(html: string): string[] {
  const assets: string[] = [];
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, "i").exec(tag)?.[1];
    const rel = attr("rel")?.toLowerCase();
    const url = tag.toLowerCase().startsWith("<script")
      ? attr("src")
      : rel === "stylesheet" || rel === "modulepreload"
        ? attr("href")
        : undefined;
    if (url && !/^[a-z]+:/i.test(url)) assets.push(new URL(url, "http://host/").pathname);
  }
  return [...new Set(assets)];
}

/** The page and every asset it names, with their sizes as served. */
export async function firstLoadSize(port: number): Promise<readonly ServedFile[]> {
  const page = await served(port, "/");
  const html = page.encoding === "gzip" ? Bun.gunzipSync(new Uint8Array(page.body)) : page.body;
  const assets = await Promise.all(pageAssets(new TextDecoder().decode(html)).map((p) => served(port, p)));
  return [page, ...assets].map(({ path, bytes, encoding }) => ({ path, bytes, encoding }));
}

/** ms from opening a WebSocket to its first `text`/`markup` frame, `samples` times in a row. */
export async function wsFirstOutput(port: number, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const first = Promise.withResolvers<number>();
    const player = await connectWsPlayer(port, {
      guardMs: 10_000,
      onFrame: (frame, at) => {
        if (frame.type === "text" || frame.type === "markup") first.resolve(at);
      },
    });
    times.push((await first.promise) - started);
    player.close();
  }
  return times;
}

/** First visits in chromium: ms from navigation to DOMContentLoaded, and to a visible login form. */
export interface BrowserFirstOutput {
  readonly domContentLoaded: number[];
  readonly loginForm: number[];
}

/** Navigates `samples` times, each in a fresh context (a first visit: no cache, no service worker). */
export async function browserFirstOutput(
  browser: Browser,
  url: string,
  samples: number,
): Promise<BrowserFirstOutput> {
  const out: BrowserFirstOutput = { domContentLoaded: [], loginForm: [] };
  for (let i = 0; i < samples; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = performance.now();
    const loaded = page.waitForEvent("domcontentloaded").then(() => performance.now() - started);
    await page.goto(url, { waitUntil: "commit" });
    await page.getByRole("form", { name: "Log in" }).waitFor({ timeout: 20_000 });
    out.loginForm.push(performance.now() - started);
    out.domContentLoaded.push(await loaded);
    await context.close();
  }
  return out;
}
