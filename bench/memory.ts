// Memory per logged-in connection, process by process: a fresh HoloMUSH, N characters made first, then its
// idle baseline, then N idle logged-in connections held for a while, sampled when the hold starts and when
// it ends. With --heap, each process also writes its live heap (after a full collection, object counts by
// type, and the heap's capacity: its blocks, each kept while any object in it lives) at the baseline and at the
// end of the hold, and the difference per connection is printed. Both with and without --heap, it prints which
// kinds of mapping in /proc/PID/smaps grew.
// Run: node_modules/.bin/bun bench/memory.ts --connections 200 [--hold 20] [--heap] [--holomush dist/holomush]
// With --heap and HOLOMUSH_HEAP_SNAPSHOT=DIR, each heap sample also writes a JSC heap snapshot into DIR.
// Known limitation: RSS right after a burst of logins includes garbage the processes have not returned yet;
// the figure at the end of the hold is the one to compare.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureCharacters } from "./peer/characters.ts";
import { type LoadgenContext, loadgenRuntime, runLoadgen } from "./peer/loadgen-runner.ts";
import { at } from "./peer/phase.ts";
import { rssKiB } from "./peer/proc-memory.ts";
import { type SmapsSummary, smapsGrowth, smapsSummary } from "./peer/proc-smaps.ts";
import { startHolomush } from "./peer/processes.ts";

const repoRoot = join(import.meta.dir, "..");
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    holomush: { type: "string", default: join(repoRoot, "dist/holomush") },
    connections: { type: "string", default: "200" },
    hold: { type: "string", default: "20" },
    settle: { type: "string", default: "5" },
    heap: { type: "boolean", default: false },
    top: { type: "string", default: "25" },
  },
});
const n = Number(values.connections);
const holdSeconds = Number(values.hold);
const settleMs = Number(values.settle) * 1000;
const log = (line: string) => process.stderr.write(`[memory] ${line}\n`);
const harness = process.env.HOLOMUSH_BENCH_HARNESS ?? resolve(repoRoot, "../shared/bench");
const work = mkdtempSync(join(tmpdir(), "hm-memory-"));
const heapDir = join(work, "heap");
mkdirSync(heapDir);
const resultsDir = join(work, "results");
mkdirSync(resultsDir);
const ctx: LoadgenContext = { harness, resultsDir, runtime: loadgenRuntime(), log, running: new Set() };

interface HeapFile {
  readonly rssKiB: number;
  readonly heapSize: number;
  /** The heap's blocks: live objects plus the free room in every block that still holds one. */
  readonly heapCapacity: number;
  readonly objectCount: number;
  readonly objectTypeCounts: Record<string, number>;
}

/** Asks each process for a heap file and waits for it (the preload writes it on SIGUSR2). */
async function heapOf(pid: number): Promise<HeapFile> {
  const before = new Set(readdirSync(heapDir));
  process.kill(pid, "SIGUSR2");
  for (let waited = 0; waited < 60_000; waited += 100) {
    const fresh = readdirSync(heapDir).find(
      (f) => f.startsWith(`${pid}-`) && f.endsWith(".json") && !before.has(f),
    );
    if (fresh) return JSON.parse(readFileSync(join(heapDir, fresh), "utf8")) as HeapFile;
    await Bun.sleep(100);
  }
  throw new Error(`process ${pid} wrote no heap file`);
}

const kib = (bytes: number) => Math.round(bytes / 1024);
const rssOf = (pids: readonly number[]) => pids.map((pid) => rssKiB(pid) ?? Number.NaN);
const smapsOf = (pids: readonly number[]) => pids.map((pid) => smapsSummary(pid) ?? {});
const threadsOf = (pid: number) =>
  Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? Number.NaN);
const names = ["core", "gateway"] as const;

const server = await startHolomush(
  values.holomush,
  join(work, "holomush"),
  undefined,
  values.heap
    ? {
        BUN_OPTIONS: `--preload ${join(import.meta.dir, "memory/heap-preload.ts")}`,
        HOLOMUSH_HEAP_DIR: heapDir,
        // A directory that outlives this run: the preload also writes a JSC heap snapshot there each time.
        ...(process.env.HOLOMUSH_HEAP_SNAPSHOT
          ? { HOLOMUSH_HEAP_SNAPSHOT: process.env.HOLOMUSH_HEAP_SNAPSHOT }
          : {}),
      }
    : {},
);
try {
  log(`HoloMUSH on 127.0.0.1:${server.port}, pids ${server.pids.join(" ")}; making ${n} characters`);
  await Bun.sleep(settleMs);
  const started = rssOf(server.pids);
  if (values.heap) {
    for (const [i, h] of (await Promise.all(server.pids.map(heapOf))).entries())
      console.log(
        `${names[i]} just started: RSS ${started[i]} KiB, heap ${kib(h.heapSize)} KiB, ${h.objectCount} objects; most: ${topTypes(h.objectTypeCounts, 12)}`,
      );
  } else console.log(`just started: RSS ${started.join(" + ")} KiB`);
  await ensureCharacters(ctx, server, n, 600);
  await Bun.sleep(settleMs);
  const baseline = rssOf(server.pids);
  const baseSmaps = smapsOf(server.pids);
  const baseHeap = values.heap ? await Promise.all(server.pids.map(heapOf)) : [];
  let atHold: number[] = [];
  let holdStarted = false;
  const { json } = await runLoadgen(ctx, server, {
    label: "memory",
    scenario: "idle",
    maxSeconds: 600,
    onProgress(line) {
      if (line.includes("idle: holding") && !holdStarted) {
        holdStarted = true;
        atHold = rssOf(server.pids);
        // Sampled near the end of the hold, while every connection is still open.
        setTimeout(
          async () => {
            const end = rssOf(server.pids);
            const endSmaps = smapsOf(server.pids);
            const endHeap = values.heap ? await Promise.all(server.pids.map(heapOf)) : [];
            report(baseline, atHold, end, baseHeap, endHeap);
            reportSmaps(baseSmaps, endSmaps);
          },
          Math.max(0, holdSeconds * 1000 - 3000),
        );
      }
    },
    args: [
      ...["--clients", String(n), "--hold", String(holdSeconds), "--probe-rounds", "0"],
      ...["--login-concurrency", "20", "--login-order", "connect", "--login-timeout", "60000"],
    ],
  });
  log(`logged in ${at(json, "results.loggedIn")} of ${n}`);
} finally {
  await server[Symbol.asyncDispose]();
  rmSync(work, { recursive: true, force: true });
}

function topTypes(counts: Record<string, number>, top: number): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([type, count]) => `${type} ${count}`)
    .join(", ");
}

function report(
  baseline: number[],
  atHold: number[],
  end: number[],
  baseHeap: HeapFile[],
  endHeap: HeapFile[],
) {
  const rows = server.pids.map((_, i) => {
    const row: Record<string, number | string> = {
      process: names[i] ?? String(i),
      "baseline RSS KiB": baseline[i] ?? Number.NaN,
      "hold start RSS KiB": atHold[i] ?? Number.NaN,
      "hold end RSS KiB": end[i] ?? Number.NaN,
      "growth / conn KiB": Math.round((((end[i] ?? 0) - (baseline[i] ?? 0)) / n) * 10) / 10,
    };
    const b = baseHeap[i];
    const e = endHeap[i];
    if (b && e) {
      row["RSS after GC KiB"] = Math.round(e.rssKiB);
      row["baseline heap KiB"] = kib(b.heapSize);
      row["end heap KiB"] = kib(e.heapSize);
      row["heap / conn KiB"] = Math.round(((e.heapSize - b.heapSize) / 1024 / n) * 10) / 10;
      row["heap capacity / conn KiB"] = Math.round(((e.heapCapacity - b.heapCapacity) / 1024 / n) * 10) / 10;
      row["objects / conn"] = Math.round((e.objectCount - b.objectCount) / n);
    }
    return row;
  });
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  console.log(`${n} idle logged-in connections, ${values.holomush}`);
  console.table(rows);
  console.log(
    `core + gateway: baseline ${total(baseline)} KiB, at hold end ${total(end)} KiB, ` +
      `RSS / connection ${(total(end) / n).toFixed(1)} KiB, growth / connection ${((total(end) - total(baseline)) / n).toFixed(1)} KiB`,
  );
  for (const [i, e] of endHeap.entries()) {
    const b = baseHeap[i];
    if (!b) continue;
    const grown = Object.entries(e.objectTypeCounts)
      .map(([type, count]) => [type, (count - (b.objectTypeCounts[type] ?? 0)) / n] as const)
      .filter(([, perConn]) => perConn >= 0.5)
      .sort((x, y) => y[1] - x[1])
      .slice(0, Number(values.top));
    console.log(`${names[i]}: objects per connection by type`);
    console.log(grown.map(([type, perConn]) => `  ${perConn.toFixed(1).padStart(7)}  ${type}`).join("\n"));
  }
}

/** Which kinds of mapping grew in each process between the baseline and the end of the hold. */
function reportSmaps(before: SmapsSummary[], after: SmapsSummary[]) {
  for (const [i, pid] of server.pids.entries()) {
    console.log(`${names[i]}: resident KiB by mapping, baseline -> hold end (${threadsOf(pid)} threads)`);
    console.log(smapsGrowth(before[i] ?? {}, after[i] ?? {}).join("\n"));
  }
}
