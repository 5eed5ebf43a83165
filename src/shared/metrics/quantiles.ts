import type { HistogramSnapshot } from "./histogram.ts";

/** The percentiles a status snapshot shows. */
export interface QuantileSummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * The q-quantile (0..1) estimated from histogram buckets by linear interpolation inside the bucket,
 * as PromQL's histogram_quantile does; NaN when empty. A quantile in the +Inf bucket returns the
 * highest finite bound.
 */
export function histogramQuantile(q: number, snapshot: HistogramSnapshot): number {
  const { bounds, cumulative, count } = snapshot;
  if (count === 0) return Number.NaN;
  const rank = q * count;
  for (let i = 0; i < bounds.length; i++) {
    const upTo = cumulative[i] ?? 0;
    if (upTo < rank || upTo === 0) continue;
    const upper = bounds[i] ?? 0;
    if (upper === Number.POSITIVE_INFINITY) return bounds[bounds.length - 2] ?? Number.NaN;
    const lower = i === 0 ? Math.min(0, upper) : (bounds[i - 1] ?? 0);
    const below = i === 0 ? 0 : (cumulative[i - 1] ?? 0);
    return lower + ((upper - lower) * (rank - below)) / (upTo - below);
  }
  return bounds[bounds.length - 2] ?? Number.NaN;
}

/** The q-quantile (0..1) of sorted values, nearest-rank; NaN when empty. */
export function sortedQuantile(q: number, sorted: readonly number[]): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** A bounded uniform sample of recorded values (reservoir sampling, Algorithm R). */
export interface Reservoir {
  record(value: number): void;
  /** count, p50, p95, p99 and max over what was recorded; percentiles are NaN when empty. */
  summary(): QuantileSummary;
  reset(): void;
}

/** What a reservoir is created with. */
export interface ReservoirOptions {
  /** How many values are kept at most. */
  readonly capacity: number;
  /** Uniform in [0, 1); inject a seeded source for deterministic tests. */
  readonly random?: () => number;
}

/** Creates a reservoir; memory stays bounded by `capacity` however many values are recorded. */
export function createReservoir(options: ReservoirOptions): Reservoir {
  const random = options.random ?? Math.random;
  let kept: number[] = [];
  let seen = 0;
  let max = Number.NEGATIVE_INFINITY;
  return {
    record(value) {
      seen += 1;
      if (value > max) max = value;
      if (kept.length < options.capacity) {
        kept.push(value);
        return;
      }
      const slot = Math.floor(random() * seen);
      if (slot < options.capacity) kept[slot] = value;
    },
    summary() {
      const sorted = [...kept].sort((a, b) => a - b);
      return {
        count: seen,
        p50: sortedQuantile(0.5, sorted),
        p95: sortedQuantile(0.95, sorted),
        p99: sortedQuantile(0.99, sorted),
        max: seen === 0 ? Number.NaN : max,
      };
    },
    reset() {
      kept = [];
      seen = 0;
      max = Number.NEGATIVE_INFINITY;
    },
  };
}

/** count, p50, p95, p99 and max estimated from a histogram snapshot (max is the p100 estimate). */
export function summarizeHistogram(snapshot: HistogramSnapshot): QuantileSummary {
  return {
    count: snapshot.count,
    p50: histogramQuantile(0.5, snapshot),
    p95: histogramQuantile(0.95, snapshot),
    p99: histogramQuantile(0.99, snapshot),
    max: histogramQuantile(1, snapshot),
  };
}
