import { describe, expect, test } from "bun:test";
import { embeddedWebAssets, isHashedName, relativeAssetPath } from "./web-assets.ts";

describe("web assets", () => {
  test("embedded files are found by their path under web-embed/, others are ignored", async () => {
    const assets = embeddedWebAssets([
      new File(["<!doctype html>"], "dist/web-embed/index.html.asset"),
      new File(["x"], "dist/web-embed/icons/icon-192.png.asset"),
      new File(["wasm"], "plugins/echo/build/echo.wasm"),
    ]);
    expect(await assets.available()).toBe(true);
    expect(await assets.get("/")).toMatchObject({
      contentType: "text/html; charset=utf-8",
      immutable: false,
    });
    expect(new TextDecoder().decode((await assets.get("/icons/icon-192.png"))?.body)).toBe("x");
    expect(await assets.get("/plugins/echo/build/echo.wasm")).toBeUndefined();
  });

  test("without an index.html no client is available", async () => {
    expect(await embeddedWebAssets([]).available()).toBe(false);
  });

  test.each([
    ["app-1a2b3c4d.js", true],
    ["chunk-zt3b4p5d.css", true],
    ["index.html", false],
    ["sw.js", false],
    ["manifest.webmanifest", false],
    ["icon-192.png", false],
  ])("%s is hashed: %p", (name, hashed) => {
    expect(isHashedName(name)).toBe(hashed);
  });

  test.each([
    ["/", "index.html"],
    ["/a/b.js", "a/b.js"],
    // A URL path cannot climb above the root: dot segments are resolved against it.
    ["/../x", "x"],
    ["/a/../../x", "x"],
    ["/.git/config", undefined],
    ["/%zz", undefined],
  ])("%s maps to %p", (url, path) => {
    expect(relativeAssetPath(url)).toBe(path);
  });
});
