import { expect, test } from "bun:test";
import { pageAssets } from "./first-load.ts";

test("the first load counts the page's scripts, module preloads and stylesheets, each once, and no other link", () => {
  const html = `<!doctype html><html><head>
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<link href="/app-1.css" rel="stylesheet">
<link rel='modulepreload' href='chunk-2.js'>
<script type="module" src="/main-3.js"></script>
<script src="/main-3.js"></script>
<script src="https://elsewhere.example/x.js"></script>
<script>inline()</script>
</head></html>`;
  expect(pageAssets(html)).toEqual(["/app-1.css", "/chunk-2.js", "/main-3.js"]);
});
