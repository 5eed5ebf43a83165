import { HoloError } from "#shared/errors/holo-error.ts";
import { createLabelSeries, validateLabelNames } from "./label-series.ts";
import { formatHeader, formatLabels, formatValue, type Labels } from "./prometheus-text.ts";

/** Prometheus' default buckets, in seconds. */
export const defaultBuckets: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Buckets for sub-millisecond to second latencies (event appends, RPCs), in seconds. */
export const latencyBuckets: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/** `count` buckets starting at `start`, each `factor` times the previous one. */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start * factor ** i);
}

/** A histogram's state for one label set: cumulative counts per upper bound, plus sum and count. */
export interface HistogramSnapshot {
  /** Upper bounds in increasing order, ending with +Inf. */
  readonly bounds: readonly number[];
  /** Cumulative counts, one per bound. */
  readonly cumulative: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** A histogram metric. */
export interface Histogram {
  observe(value: number): void;
  observe(labels: Labels, value: number): void;
  /** The state for `labels`, or undefined when nothing was observed with them. */
  snapshot(labels?: Labels): HistogramSnapshot | undefined;
  /** Renders the family in text format 0.0.4. */
  render(): string;
}

/** What a histogram is registered with. */
export interface HistogramOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  /** Upper bounds, strictly increasing; +Inf is added. Defaults to `defaultBuckets`. */
  readonly buckets?: readonly number[];
}

interface HistogramState {
  readonly counts: number[];
  sum: number;
  count: number;
}

/** Creates a histogram (not registered; use the registry's `histogram()`). */
export function createHistogram(options: HistogramOptions): Histogram {
  const labelNames = options.labelNames ?? [];
  validateLabelNames(options.name, labelNames, ["le"]);
  const bounds = [...(options.buckets ?? defaultBuckets)].filter((b) => b !== Number.POSITIVE_INFINITY);
  if (bounds.some((b, i) => i > 0 && b <= (bounds[i - 1] ?? b))) {
    throw new HoloError("invalid_argument", `Histogram ${options.name} needs strictly increasing buckets.`);
  }
  bounds.push(Number.POSITIVE_INFINITY);
  const series = createLabelSeries<HistogramState>(options.name, labelNames, () => ({
    counts: bounds.map(() => 0),
    sum: 0,
    count: 0,
  }));
  if (labelNames.length === 0) series.at(undefined);

  function snapshotOf(state: HistogramState): HistogramSnapshot {
    let running = 0;
    const cumulative = state.counts.map((c) => {
      running += c;
      return running;
    });
    return { bounds, cumulative, sum: state.sum, count: state.count };
  }

  return {
    observe(a: Labels | number, b?: number) {
      const [labels, value] = typeof a === "number" ? [undefined, a] : [a, b ?? 0];
      const state = series.at(labels).state;
      // Invariant: bucket i counts values in (bound[i-1], bound[i]]; render makes them cumulative.
      let i = 0;
      while (i < bounds.length - 1 && value > (bounds[i] ?? 0)) i++;
      state.counts[i] = (state.counts[i] ?? 0) + 1;
      state.sum += value;
      state.count += 1;
    },
    snapshot(labels) {
      const found = series.peek(labels);
      return found && found.state.count > 0 ? snapshotOf(found.state) : undefined;
    },
    render() {
      let out = formatHeader(options.name, options.help, "histogram");
      for (const { pairs, state } of series.all()) {
        const snap = snapshotOf(state);
        snap.bounds.forEach((bound, i) => {
          const labels = formatLabels([...pairs, ["le", formatValue(bound)]]);
          out += `${options.name}_bucket${labels} ${snap.cumulative[i] ?? 0}\n`;
        });
        out += `${options.name}_sum${formatLabels(pairs)} ${formatValue(state.sum)}\n`;
        out += `${options.name}_count${formatLabels(pairs)} ${state.count}\n`;
      }
      return out;
    },
  };
}
