// Builds the browser client into dist/web/: hashed JS and CSS, index.html pointing at them (no inline script
// or style: the gateway's CSP forbids both), the service worker with its asset list, the manifest and icons.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { themeCss } from "../src/web/theme-palette.ts";
import { iconPng, iconSvg } from "./web-icons.ts";

const root = join(import.meta.dir, "..");
const src = join(root, "src/web");
const out = join(root, "dist/web");

const hashOf = (text: string | Uint8Array) => Bun.hash(text).toString(36).slice(0, 10);

async function bundle(entry: string, naming: string, outdir: string): Promise<string[]> {
  const result = await Bun.build({
    entrypoints: [entry],
    outdir,
    naming,
    minify: true,
    target: "browser",
    format: "esm",
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    throw new Error(`bundling ${entry} failed`);
  }
  return result.outputs.map((o) => o.path.slice(outdir.length + 1));
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const [script] = await bundle(join(src, "main.ts"), "[name]-[hash].[ext]", out);
if (!script) throw new Error("the bundle produced no script");
const css = `${themeCss()}\n${readFileSync(join(src, "app.css"), "utf8")}`;
const stylesheet = `app-${hashOf(css)}.css`;
writeFileSync(join(out, stylesheet), css);

const html = readFileSync(join(src, "index.html"), "utf8")
  .replace('src="/main.js"', `src="/${script}"`)
  .replace('href="/app.css"', `href="/${stylesheet}"`);
if (!html.includes(script) || !html.includes(stylesheet))
  throw new Error("index.html lost its script or stylesheet");
writeFileSync(join(out, "index.html"), html);

writeFileSync(join(out, "icon.svg"), iconSvg());
for (const size of [192, 512]) writeFileSync(join(out, `icon-${size}.png`), iconPng(size));
const manifest = {
  name: "HoloMUSH",
  short_name: "HoloMUSH",
  start_url: "/",
  scope: "/",
  display: "standalone",
  background_color: "#121212",
  theme_color: "#121212",
  icons: [
    { src: "/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
    { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    { src: "/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
  ],
};
writeFileSync(join(out, "manifest.webmanifest"), `${JSON.stringify(manifest, null, 2)}\n`);

// The worker is bundled apart (its own globals) and gets the version and hashed assets in front.
const tmp = join(root, "dist/.web-sw");
const [worker] = await bundle(join(src, "worker/service-worker.ts"), "sw.[ext]", tmp);
const assets = [`/${script}`, `/${stylesheet}`];
const version = hashOf(assets.join(",") + html);
const sw = `const VERSION=${JSON.stringify(version)};const ASSETS=${JSON.stringify(assets)};\n${readFileSync(join(tmp, worker ?? "sw.js"), "utf8")}`;
writeFileSync(join(out, "sw.js"), sw);
rmSync(tmp, { recursive: true, force: true });
console.log(`build-web: dist/web (${script}, ${stylesheet}, sw.js version ${version})`);
