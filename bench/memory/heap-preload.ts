// Loaded into a HoloMUSH process with BUN_OPTIONS="--preload …" by bench/memory.ts. On SIGUSR2 it runs a full
// collection and writes the live heap's figures, object counts by type included, to
// $HOLOMUSH_HEAP_DIR/<pid>-<n>.json, and with HOLOMUSH_HEAP_SNAPSHOT=DIR a JSC heap snapshot to
// DIR/<pid>-<n>.snapshot.json. Nothing in src/ knows about it.

import { heapStats } from "bun:jsc";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.HOLOMUSH_HEAP_DIR;
let taken = 0;
if (dir)
  process.on("SIGUSR2", () => {
    // Before the collection: what the allocator held at the moment it was asked, garbage included.
    const rssBeforeGcKiB = process.memoryUsage.rss() / 1024;
    const heapBeforeGc = heapStats().heapSize;
    Bun.gc(true);
    const stats = heapStats();
    const file = join(dir, `${process.pid}-${taken++}.json`);
    const snapshots = process.env.HOLOMUSH_HEAP_SNAPSHOT;
    if (snapshots)
      writeFileSync(
        join(snapshots, `${process.pid}-${taken - 1}.snapshot.json`),
        JSON.stringify(Bun.generateHeapSnapshot()),
      );
    writeFileSync(
      `${file}.tmp`,
      JSON.stringify({
        rssKiB: process.memoryUsage.rss() / 1024,
        rssBeforeGcKiB,
        heapBeforeGc,
        ...stats,
      }),
    );
    // Renamed into place so a reader never sees half a file.
    require("node:fs").renameSync(`${file}.tmp`, file);
  });
