// The whole test suite, as `npm test` and .ci/run run it: type-check, lint, build the binary, then every test.

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { $ } from "bun";

const root = join(import.meta.dir, "..");
const bin = (name: string) => join(root, "node_modules/.bin", name);

async function postgresUp(): Promise<boolean> {
  const probe =
    await $`${process.execPath} -e ${"const s=await Bun.connect({hostname:'127.0.0.1',port:5432,socket:{data(){}}});s.end()"}`
      .quiet()
      .nothrow();
  return probe.exitCode === 0;
}

async function ensurePostgres(): Promise<void> {
  if (await postgresUp()) return;
  if (!existsSync("/etc/postgresql")) {
    console.log(
      "test: PostgreSQL is not on 127.0.0.1:5432 and not installed here; its suites will say they are skipped",
    );
    return;
  }
  for (const version of readdirSync("/etc/postgresql")) {
    console.log(`test: starting PostgreSQL ${version}`);
    await $`pg_ctlcluster --skip-systemctl-redirect ${version} main start`.nothrow();
  }
}

async function step(name: string, run: () => Promise<{ exitCode: number }>): Promise<void> {
  console.log(`test: ${name}`);
  const result = await run();
  if (result.exitCode !== 0) {
    console.log(`test: ${name} failed`);
    process.exit(result.exitCode || 1);
  }
}

await ensurePostgres();
await step("type-check (tsc --noEmit)", () => $`${bin("tsc")} --noEmit`.cwd(root).nothrow());
await step("type-check the web client (tsc -p src/web, src/web/worker)", () =>
  $`${bin("tsc")} --noEmit -p src/web && ${bin("tsc")} --noEmit -p src/web/worker`.cwd(root).nothrow(),
);
await step("lint (biome check)", () => $`${bin("biome")} check .`.cwd(root).nothrow());
await step("proto lint (buf lint, STANDARD)", () => $`${bin("buf")} lint`.cwd(root).nothrow());
await step("build dist/web", () =>
  $`${process.execPath} ${join(root, "scripts/build-web.ts")}`.cwd(root).nothrow(),
);
await step("build dist/holomush", () =>
  $`${process.execPath} ${join(root, "scripts/build-binary.ts")}`.cwd(root).nothrow(),
);

console.log("test: bun test");
const proc = Bun.spawn([process.execPath, "test", "--timeout=30000", ...process.argv.slice(2)], {
  cwd: root,
  stdout: "inherit",
  stderr: "pipe",
  env: { ...process.env, HOLOMUSH_BINARY: join(root, "dist/holomush") },
});
let output = "";
const decoder = new TextDecoder();
for await (const chunk of proc.stderr) {
  process.stderr.write(chunk);
  output += decoder.decode(chunk, { stream: true });
}
const code = await proc.exited;
const failures = failureReports(output.split("\n"));
if (failures.length > 0) console.log(`\ntest: what the failed tests printed\n\n${failures.join("\n\n")}\n`);
const tail = output.slice(-4000);
const count = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}$`, "m").exec(tail)?.[1] ?? 0);
console.log(`tests: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
process.exit(code);

/**
 * Each failed test with the lines bun printed just before it (its error), so they also stand at the end of
 * the log, where a CI excerpt that keeps only the tail still shows why.
 */
function failureReports(lines: readonly string[]): string[] {
  const reports: string[] = [];
  let start = 0;
  for (const [i, line] of lines.entries()) {
    if (/^\d+ tests? failed:$/.test(line.trim())) break;
    if (line.startsWith("(fail) ")) reports.push(lines.slice(Math.max(start, i - 60), i + 1).join("\n"));
    if (/^\((pass|fail|skip|todo)\) /.test(line) || line.endsWith(".test.ts:")) start = i + 1;
  }
  return reports;
}
