import { readFileSync } from "node:fs";

/** Resident memory of `pid` in KiB from /proc (Linux), or undefined when it cannot be read. */
export function rssKiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The summed RSS of `pids` in KiB; undefined when any of them cannot be read. */
export function totalRssKiB(pids: readonly number[]): number | undefined {
  let sum = 0;
  for (const pid of pids) {
    const kib = rssKiB(pid);
    if (kib === undefined) return undefined;
    sum += kib;
  }
  return sum;
}
