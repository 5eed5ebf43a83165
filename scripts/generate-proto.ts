// Lints proto/ and regenerates src/gen/ with buf and protoc-gen-es from node_modules, offline.
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const buf = join(root, "node_modules/.bin/buf");

function run(args: string[]): void {
  const result = Bun.spawnSync([buf, ...args], { cwd: root, stdout: "inherit", stderr: "inherit" });
  if (result.exitCode !== 0) {
    console.error(`buf ${args.join(" ")} failed (exit ${result.exitCode})`);
    process.exit(result.exitCode ?? 1);
  }
}

run(["lint"]);
run(["generate"]);
// buf's clean empties all of src/gen, which also holds the generated help module: write it again.
const help = Bun.spawnSync([process.execPath, join(root, "scripts/help-files.ts")], {
  cwd: root,
  stdout: "ignore",
  stderr: "inherit",
});
if (help.exitCode !== 0) process.exit(help.exitCode ?? 1);
console.log("generated src/gen/ from proto/");
