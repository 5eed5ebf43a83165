/** Mutable counters of one plugin. */
export interface PluginMetrics {
  calls: number;
  errors: number;
  timeouts: number;
  refusals: number;
  droppedEvents: number;
  restarts: number;
  record(ms: number): void;
  percentile(p: number): number;
}

/** Counters with a ring of the last `window` call durations for percentiles. */
export function createPluginMetrics(window = 1024): PluginMetrics {
  const ring = new Float64Array(window);
  let n = 0;
  return {
    calls: 0,
    errors: 0,
    timeouts: 0,
    refusals: 0,
    droppedEvents: 0,
    restarts: 0,
    record(ms) {
      ring[n % window] = ms;
      n++;
    },
    percentile(p) {
      const count = Math.min(n, window);
      if (count === 0) return 0;
      const sorted = ring.slice(0, count).sort();
      return sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)] ?? 0;
    },
  };
}
