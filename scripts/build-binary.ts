// Builds dist/holomush: one self-contained executable with the version and git commit stamped in.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
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
const started = performance.now();
const result = await Bun.build({
  entrypoints: [join(root, "src/cli.ts")],
  compile: { outfile },
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
