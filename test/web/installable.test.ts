import { expect, test } from "bun:test";
import { describeInBrowser } from "../support/describe-in-browser.ts";
import type { PageGlobals } from "../support/page-globals.ts";
import { useWebGame } from "../support/web-game-suite.ts";

interface ManifestIcon {
  readonly src: string;
  readonly sizes?: string;
  readonly type?: string;
  readonly purpose?: string;
}

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describeInBrowser("the web client is an installable app", () => {
  const web = useWebGame();

  test("the manifest has the fields an install needs, and every icon loads at its stated size", async () => {
    const player = await web.open();
    const href = await player.page.locator('link[rel="manifest"]').getAttribute("href");
    expect(href).toBeTruthy();
    const manifestUrl = new URL(href as string, web.url());
    const response = await player.page.request.get(manifestUrl.href);
    expect(response.status()).toBe(200);
    const manifest = (await response.json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ start_url: "/", display: "standalone" });
    for (const field of ["name", "short_name", "theme_color", "background_color"])
      expect(typeof manifest[field]).toBe("string");

    const icons = manifest.icons as ManifestIcon[];
    const pngSizes = icons.filter((i) => i.type === "image/png").map((i) => i.sizes);
    expect(pngSizes).toContain("192x192");
    expect(pngSizes).toContain("512x512");
    expect(icons.some((i) => (i.purpose ?? "").split(/\s+/).includes("maskable"))).toBe(true);
    for (const icon of icons) {
      const image = await player.page.request.get(new URL(icon.src, manifestUrl).href);
      expect({ src: icon.src, status: image.status(), type: image.headers()["content-type"] }).toEqual({
        src: icon.src,
        status: 200,
        type: icon.type ?? expect.any(String),
      });
      if (icon.type !== "image/png") continue;
      const [w, h] = (icon.sizes ?? "").split("x").map(Number);
      expect({ src: icon.src, size: pngSize(await image.body()) }).toEqual({
        src: icon.src,
        size: { width: w as number, height: h as number },
      });
    }
  }, 30_000);

  test("the service worker activates, and after one online visit the page opens offline and says so", async () => {
    const player = await web.open();
    const state = await player.page.evaluate(async () => {
      const { navigator } = globalThis as unknown as PageGlobals;
      const worker = (await navigator.serviceWorker.ready).active;
      // `ready` resolves once a worker is active, which may still be "activating".
      if (worker && worker.state === "activating")
        await new Promise<void>((resolve) => worker.addEventListener("statechange", () => resolve()));
      return worker?.state;
    });
    expect(state).toBe("activated");
    // The worker controls a page loaded after it activated; the offline reload below must be served by it.
    await player.page.reload();
    await player.page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).navigator.serviceWorker.controller !== null,
      undefined,
      { polling: 25 },
    );

    await player.context.setOffline(true);
    await player.page.reload();
    await player.waitForConnection("Offline");
    expect(await player.page.getByRole("form", { name: "Log in" }).isVisible()).toBe(true);
    await player.context.setOffline(false);
    await player.waitForConnection("Connected");
  }, 30_000);
});
