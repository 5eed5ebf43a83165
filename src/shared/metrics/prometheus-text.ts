/** Label names to values for one sample. */
export type Labels = Readonly<Record<string, string>>;

/** The metric types this registry renders. */
export type MetricType = "counter" | "gauge" | "histogram";

/** A metric name as Prometheus accepts it. */
export const metricNamePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A label name as Prometheus accepts it (names starting with "__" are reserved). */
export const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a HELP text: backslash and newline (text format 0.0.4). */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Escapes a label value: backslash, double quote and newline (text format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Formats a sample value; infinities and NaN use the spellings Prometheus parses. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** Renders `{a="x",b="y"}`, or "" for no labels; pairs keep the order given. */
export function formatLabels(pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

/** Renders the HELP and TYPE header lines of one metric family. */
export function formatHeader(name: string, help: string, type: MetricType): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;
}
