// HoloMUSH side by side with TinyMUX, in one run, on loopback: throughput, fan-out, logins, memory per
// connection, resume replay and connections held, each phase bounded in time, printed as ratios.
// Run: node_modules/.bin/bun run bench:peer -- --quick   (see bench/peer/options.ts for every flag)
// Known limitation: the harness and both servers share this machine's cores with anything else running,
// so figures move from run to run; ratios taken in the same run move much less.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureCharacters } from "./peer/characters.ts";
import { connections, memory } from "./peer/idle-phases.ts";
import { fanout, logins, resume, throughput } from "./peer/load-phases.ts";
import { type LoadgenContext, loadgenRuntime } from "./peer/loadgen-runner.ts";
import { parsePeerOptions, usage } from "./peer/options.ts";
import type { Phase } from "./peer/phase.ts";
import { type ServerUnderTest, startHolomush, startTinymux, stopPid } from "./peer/processes.ts";
import { markdownTable, reportRows, type ServerFigures, textTable } from "./peer/report.ts";

const repoRoot = join(import.meta.dir, "..");
const allPhases: readonly Phase[] = [logins, throughput, fanout, memory, resume, connections];
const log = (line: string) => process.stderr.write(`[peer] ${line}\n`);

if (process.argv.includes("--help")) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const options = (() => {
  try {
    return parsePeerOptions(process.argv.slice(2), repoRoot, process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    process.exit(2);
  }
})();
const phases = allPhases.filter((p) => options.phases.includes(p.name));
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const resultsDir = join(repoRoot, "bench/results", stamp);
mkdirSync(resultsDir, { recursive: true });
if (options.cpuProf) mkdirSync(options.cpuProf, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "hm-peer-"));
const ctx: LoadgenContext = {
  harness: options.harness,
  resultsDir,
  runtime: loadgenRuntime(),
  log,
  running: new Set(),
};

const started: ServerUnderTest[] = [];
const stopAll = async () => {
  for (const pid of ctx.running) await stopPid(pid, 2_000);
  for (const server of started.splice(0).reverse()) await server[Symbol.asyncDispose]();
  rmSync(work, { recursive: true, force: true });
};
// Invariant: a Ctrl-C during a phase still stops every server this run started, by pid.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    log(`${signal}: stopping the servers`);
    void stopAll().finally(() => process.exit(130));
  });

const figures: Record<"holomush" | "tinymux", ServerFigures> = { holomush: {}, tinymux: {} };
let failure: unknown;
try {
  log(`starting HoloMUSH (${options.holomush}) and TinyMUX; results in ${resultsDir}`);
  const holomush = await startHolomush(options.holomush, join(work, "holomush"), options.cpuProf);
  started.push(holomush);
  log(`HoloMUSH on 127.0.0.1:${holomush.port}, pids ${holomush.pids.join(" ")}`);
  const tinymux = await startTinymux(options.harness, join(work, "tinymux"));
  started.push(tinymux);
  log(`TinyMUX on 127.0.0.1:${tinymux.port}, pid ${tinymux.pids.join(" ")}`);
  // Each phase runs on both servers one right after the other, so a pair shares the machine's conditions.
  for (const phase of phases)
    for (const server of [holomush, tinymux]) {
      await ensureCharacters(ctx, server, phase.characters(options.sizes), options.sizes.maxSeconds);
      figures[server.name][phase.name] = await phase.run(ctx, server, options.sizes);
      log(`${server.name} ${phase.name}: ${JSON.stringify(figures[server.name][phase.name])}`);
    }
} catch (error) {
  failure = error;
} finally {
  await stopAll();
}

const rows = reportRows(phases, figures.holomush, figures.tinymux);
const heading = `HoloMUSH vs TinyMUX, ${options.quick ? "quick sizes" : "full sizes"}, ${new Date().toISOString()}, loadgen on ${ctx.runtime}`;
process.stdout.write(`${heading}\n${textTable(rows)}\n`);
const markdown = `${heading}\n\n${markdownTable(rows)}\n`;
writeFileSync(join(resultsDir, "report.md"), markdown);
writeFileSync(join(resultsDir, "figures.json"), JSON.stringify({ options, figures, rows }, null, 2));
if (options.markdown) writeFileSync(options.markdown, markdown);
if (options.cpuProf) log(`CPU profiles in ${options.cpuProf}; summarise with bun bench/profile-summary.ts`);
if (failure) {
  log(`failed: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}`);
  process.exit(1);
}
process.exit(0);
