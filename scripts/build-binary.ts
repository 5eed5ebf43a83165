// Builds dist/holomush: one self-contained executable with the version and git commit stamped in.

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { $ } from "bun";
import pkg from "../package.json" with { type: "json" };

const root = join(import.meta.dir, "..");
const outfile = join(root, "dist", "holomush");

async function gitCommit(): Promise<string> {
  const result = await $`git rev-parse --short=12 HEAD`.cwd(root).quiet().nothrow();
  if (result.exitCode !== 0) return "unknown";
  const dirty = await $`git status --porcelain --untracked-files=no`.cwd(root).quiet().nothrow();
  return `${result.stdout.toString().trim()}${dirty.stdout.toString().trim() ? "-dirty" : ""}`;
}

// The example plugins are embedded in the binary, so build them first.
const plugins = await $`${process.execPath} ${join(root, "scripts/build-plugins.ts")}`.cwd(root).nothrow();
if (plugins.exitCode !== 0) process.exit(plugins.exitCode);

const commit = await gitCommit();
mkdirSync(join(root, "dist"), { recursive: true });

/**
 * The built web client (dist/web/, from the web client's build) is embedded as plain files. Each is staged as
 * dist/web-embed/<path>.asset so the bundler takes it as bytes (an .html or .js entry point would be bundled),
 * and named `[dir]/[name].[ext]` so the gateway finds it in Bun.embeddedFiles by its path
 * (src/gateway/web/web-assets.ts). Without dist/web/ the binary serves the "not available yet" page.
 */
function stageWebClient(): string[] {
  const from = join(root, "dist", "web");
  const stage = join(root, "dist", "web-embed");
  rmSync(stage, { recursive: true, force: true });
  if (!existsSync(join(from, "index.html"))) {
    console.warn("dist/web/index.html is missing: the binary is built without the web client");
    return [];
  }
  const files = readdirSync(from, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(from, join(entry.parentPath, entry.name)));
  for (const file of files) cpSync(join(from, file), join(stage, `${file}.asset`), { recursive: true });
  return files.map((file) => join(stage, `${file}.asset`));
}
const webFiles = stageWebClient();
const started = performance.now();
const result = await Bun.build({
  // The plugin instrumenting worker is its own entry point: `new Worker` loads it from the binary at run time.
  entrypoints: [join(root, "src/cli.ts"), join(root, "src/plugins/instrument-worker.ts"), ...webFiles],
  compile: { outfile },
  // Named so the layout inside the binary does not depend on which entry points exist: the plugin worker is
  // always at src/plugins/instrument-worker.js (src/plugins/module-instrumenter.ts loads it from there).
  root,
  loader: { ".asset": "file" },
  naming: { asset: "[dir]/[name].[ext]" },
  minify: true,
  sourcemap: "none",
  target: "bun",
  define: {
    HOLOMUSH_BUILD_VERSION: JSON.stringify(pkg.version),
    HOLOMUSH_BUILD_COMMIT: JSON.stringify(commit),
  },
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
// Invariant: a build can report success and still produce a binary that fails at start
// (an import that only breaks once bundled, or `--bytecode` without ESM), so run it.
const check = await $`${outfile} --version`.quiet().nothrow();
if (check.exitCode !== 0) {
  console.error(`dist/holomush was built but does not run:\n${check.stderr.toString()}`);
  process.exit(1);
}
const size = Bun.file(outfile).size;
console.log(
  `built ${outfile} (${(size / 1024 / 1024).toFixed(1)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${check.stdout.toString().trim()}`,
);
