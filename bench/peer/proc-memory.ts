import { readFileSync } from "node:fs";

/**
 * A line of /proc/PID/status in KiB (Linux): `VmRSS` is all resident memory; `RssAnon` is the part the process
 * owns alone (heap, stacks), without the pages of its executable and libraries, which the page cache shares and
 * the kernel can drop and read again. Undefined when it cannot be read.
 */
export function statusKiB(pid: number, field: "VmRSS" | "RssAnon" = "VmRSS"): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory of `pid` in KiB from /proc (Linux), or undefined when it cannot be read. */
export const rssKiB = (pid: number): number | undefined => statusKiB(pid, "VmRSS");

/** The summed `field` of `pids` in KiB; undefined when any of them cannot be read. */
export function totalKiB(pids: readonly number[], field: "VmRSS" | "RssAnon" = "VmRSS"): number | undefined {
  let sum = 0;
  for (const pid of pids) {
    const kib = statusKiB(pid, field);
    if (kib === undefined) return undefined;
    sum += kib;
  }
  return sum;
}
