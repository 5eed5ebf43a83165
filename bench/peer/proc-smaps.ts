import { readFileSync } from "node:fs";

/** Resident KiB of one process by kind of mapping, from /proc/PID/smaps (Linux). */
export type SmapsSummary = Record<string, number>;

// Anonymous mappings are grouped by their virtual size, which tells apart thread stacks (8 MiB), allocator
// segments and JSC's large reservations; file mappings by file name.
function kindOf(path: string, sizeKiB: number): string {
  if (path.startsWith("[")) return path;
  if (path !== "") return path.split("/").pop() ?? path;
  if (sizeKiB <= 4) return "anon <= 4 KiB";
  if (sizeKiB < 1024) return "anon < 1 MiB";
  if (sizeKiB < 8192) return "anon 1-8 MiB";
  if (sizeKiB <= 8196) return "anon 8 MiB (thread stacks)";
  if (sizeKiB < 65_536) return "anon 8-64 MiB";
  return `anon ${Math.round(sizeKiB / 1024)} MiB`;
}

/** The process's resident KiB summed by mapping kind; undefined when smaps cannot be read. */
export function smapsSummary(pid: number): SmapsSummary | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return undefined;
  }
  const out: SmapsSummary = {};
  let kind = "";
  for (const line of text.split("\n")) {
    const header = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const sizeKiB = (Number.parseInt(header[2] ?? "0", 16) - Number.parseInt(header[1] ?? "0", 16)) / 1024;
      kind = kindOf(header[3] ?? "", sizeKiB);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] = (out[kind] ?? 0) + Number(rss[1]);
  }
  return out;
}

/** One line per kind whose resident KiB moved by at least `minKiB` between two summaries. */
export function smapsGrowth(before: SmapsSummary, after: SmapsSummary, minKiB = 1024): string[] {
  const kinds = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...kinds]
    .map((k) => [k, before[k] ?? 0, after[k] ?? 0] as const)
    .filter(([, b, a]) => Math.abs(a - b) >= minKiB)
    .sort((x, y) => y[2] - y[1] - (x[2] - x[1]))
    .map(([k, b, a]) => `  ${k}: ${b} -> ${a} KiB (${a - b >= 0 ? "+" : ""}${a - b})`);
}
