import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webHarness } from "./test-support/web-harness.ts";
import { directoryWebAssets } from "./web-assets.ts";
import { contentSecurityPolicy } from "./web-responses.ts";

let root = "";
const script = `console.log(${JSON.stringify("x".repeat(2000))});`;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "holomush-web-"));
  writeFileSync(
    join(root, "index.html"),
    "<!doctype html><title>Play</title><script src=/app-1a2b3c4d.js></script>",
  );
  writeFileSync(join(root, "app-1a2b3c4d.js"), script);
  writeFileSync(join(root, "sw.js"), "self.addEventListener('fetch', () => {});");
  writeFileSync(join(root, "manifest.webmanifest"), "{}");
  await mkdir(join(root, "icons"));
  writeFileSync(join(root, "icons", "icon-192.png"), new Uint8Array([137, 80, 78, 71]));
  writeFileSync(join(root, ".secret"), "hidden");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const security = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
const headersOf = (res: Response, names: readonly string[]) =>
  Object.fromEntries(names.map((n) => [n, res.headers.get(n)]));

describe("the web listener's HTTP side", () => {
  test("the shell is served with the security headers and no-cache", async () => {
    await using web = webHarness({ assets: directoryWebAssets(root) });
    const res = await fetch(`${web.http}/`, { headers: { "accept-encoding": "identity" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<title>Play</title>");
    expect(headersOf(res, [...Object.keys(security), "cache-control", "content-type"])).toEqual({
      ...security,
      "cache-control": "no-cache",
      "content-type": "text/html; charset=utf-8",
    });
  });

  test("a hashed asset is immutable for a year and gzipped when the client takes gzip", async () => {
    await using web = webHarness({ assets: directoryWebAssets(root) });
    const res = await fetch(`${web.http}/app-1a2b3c4d.js`, {
      headers: { "accept-encoding": "gzip" },
      decompress: false,
    } as RequestInit);
    expect(headersOf(res, [...Object.keys(security), "cache-control", "content-encoding", "vary"])).toEqual({
      ...security,
      "cache-control": "public, max-age=31536000, immutable",
      "content-encoding": "gzip",
      vary: "Accept-Encoding",
    });
    const body = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(Bun.gunzipSync(body))).toBe(script);
  });

  test.each([
    ["/sw.js", "no-cache"],
    ["/manifest.webmanifest", "no-cache"],
    ["/icons/icon-192.png", "no-cache"],
  ])("%s is served with cache-control %s", async (path, cache) => {
    await using web = webHarness({ assets: directoryWebAssets(root) });
    const res = await fetch(`${web.http}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe(cache);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test.each(["/../package.json", "/%2e%2e/package.json", "/.secret", "/nothing.js"])(
    "%s is not found",
    async (path) => {
      await using web = webHarness({ assets: directoryWebAssets(root) });
      const res = await fetch(`${web.http}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-security-policy")).toBe(contentSecurityPolicy);
    },
  );

  test("with no client built, / says so in a plain page, and /healthz answers", async () => {
    await using web = webHarness();
    const page = await fetch(`${web.http}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("The web client is not available yet.");
    expect(page.headers.get("content-security-policy")).toBe(contentSecurityPolicy);
    const health = await fetch(`${web.http}/healthz`);
    expect(await health.text()).toBe("ok\n");
  });

  test("a plain GET of /ws is told to upgrade", async () => {
    await using web = webHarness();
    expect((await fetch(`${web.http}/ws`)).status).toBe(426);
  });
});
