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
console.log("generated src/gen/ from proto/");
