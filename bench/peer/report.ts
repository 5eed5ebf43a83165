// The side-by-side table: each figure for both servers and their ratio, as text or Markdown.
import type { Figures, Phase } from "./phase.ts";

/** One server's figures for every phase that ran. */
export type ServerFigures = Partial<Record<string, Figures>>;

/** One row of the comparison. */
export interface ReportRow {
  readonly figure: string;
  readonly holomush: number | null;
  readonly tinymux: number | null;
  /** HoloMUSH divided by TinyMUX; null when either is missing or TinyMUX's is zero. */
  readonly ratio: number | null;
  readonly better: "lower" | "higher";
}

/** Pairs the two servers' figures, phase by phase, in the order the phases ran. */
export function reportRows(
  phases: readonly Phase[],
  holomush: ServerFigures,
  tinymux: ServerFigures,
): ReportRow[] {
  return phases.flatMap((phase) =>
    phase.figures.map((spec) => {
      const h = holomush[phase.name]?.[spec.key] ?? null;
      const t = tinymux[phase.name]?.[spec.key] ?? null;
      const ratio = h === null || t === null || t === 0 ? null : h / t;
      return { figure: spec.label, holomush: h, tinymux: t, ratio, better: spec.better };
    }),
  );
}

const show = (v: number | null) =>
  v === null
    ? "-"
    : Math.abs(v) >= 100 || Number.isInteger(v)
      ? Math.round(v).toLocaleString("en")
      : v.toFixed(2);
const showRatio = (r: number | null) =>
  r === null ? "-" : r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`;

function cells(rows: readonly ReportRow[]): string[][] {
  return [
    ["figure", "HoloMUSH", "TinyMUX", "HoloMUSH / TinyMUX", "better"],
    ...rows.map((r) => [r.figure, show(r.holomush), show(r.tinymux), showRatio(r.ratio), r.better]),
  ];
}

/** A plain-text table for the terminal. */
export function textTable(rows: readonly ReportRow[]): string {
  const table = cells(rows);
  const widths = (table[0] as string[]).map((_, i) =>
    Math.max(...table.map((row) => (row[i] as string).length)),
  );
  return table
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  "),
    )
    .join("\n");
}

/** The same table as Markdown. */
export function markdownTable(rows: readonly ReportRow[]): string {
  const [head, ...body] = cells(rows) as [string[], ...string[][]];
  const line = (row: readonly string[]) => `| ${row.join(" | ")} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? "---" : "---:"))), ...body.map(line)].join("\n");
}
