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
await step("lint (biome check)", () => $`${bin("biome")} check .`.cwd(root).nothrow());
await step("proto lint (buf lint, STANDARD)", () => $`${bin("buf")} lint`.cwd(root).nothrow());
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
let tail = "";
const decoder = new TextDecoder();
for await (const chunk of proc.stderr) {
  process.stderr.write(chunk);
  tail = (tail + decoder.decode(chunk, { stream: true })).slice(-4000);
}
const code = await proc.exited;
const count = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}$`, "m").exec(tail)?.[1] ?? 0);
console.log(`tests: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
process.exit(code);
