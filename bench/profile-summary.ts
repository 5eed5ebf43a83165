// Summarises a Bun CPU profile as top-N tables of self and inclusive time, by function and by file, so a
// before and an after profile of the same run can be compared.
// Run: node_modules/.bin/bun bench/profile-summary.ts FILE.cpuprofile [--top 25] [--markdown]
// Take the profile from source, not from the minified binary, or the names are unreadable, e.g.
//   node_modules/.bin/bun --cpu-prof --cpu-prof-dir=/tmp/prof src/cli.ts core run …
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  type CpuProfile,
  type ProfileRow,
  summarizeCpuProfile,
  topRows,
} from "./profile/cpu-profile-summary.ts";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { top: { type: "string", default: "25" }, markdown: { type: "boolean", default: false } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write("usage: bun bench/profile-summary.ts FILE.cpuprofile [--top N] [--markdown]\n");
  process.exit(2);
}
const top = Number(values.top);
const summary = summarizeCpuProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
const pct = (ms: number) => (summary.busyMs ? `${((100 * ms) / summary.busyMs).toFixed(1)}%` : "-");

function table(title: string, rows: readonly ProfileRow[]): string {
  const cells = [
    ["self ms", "self %", "incl ms", "incl %", title],
    ...rows.map((r) => [
      r.selfMs.toFixed(1),
      pct(r.selfMs),
      r.inclusiveMs.toFixed(1),
      pct(r.inclusiveMs),
      r.name,
    ]),
  ];
  if (values.markdown) {
    const line = (row: readonly string[]) => `| ${row.join(" | ")} |`;
    const [head, ...body] = cells as [string[], ...string[][]];
    return [line(head), line(["---:", "---:", "---:", "---:", "---"]), ...body.map(line)].join("\n");
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...cells.map((row) => (row[i] as string).length)));
  return cells
    .map((row) => [...widths.map((w, i) => (row[i] as string).padStart(w)), row[4]].join("  "))
    .join("\n");
}

const out = [
  `${file}: ${summary.totalMs.toFixed(0)} ms sampled, ${summary.busyMs.toFixed(0)} ms not idle; percentages are of the latter`,
  table(`function, top ${top} by self time`, topRows(summary.byFunction, "self", top)),
  table(`function, top ${top} by inclusive time`, topRows(summary.byFunction, "inclusive", top)),
  table(`file, top ${top} by self time`, topRows(summary.byFile, "self", top)),
  table(`file, top ${top} by inclusive time`, topRows(summary.byFile, "inclusive", top)),
];
process.stdout.write(`${out.join("\n\n")}\n`);
