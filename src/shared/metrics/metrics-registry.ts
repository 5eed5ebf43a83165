import { HoloError } from "#shared/errors/holo-error.ts";
import { createHistogram, type Histogram, type HistogramOptions } from "./histogram.ts";
import { metricNamePattern } from "./prometheus-text.ts";
import {
  type CallbackMetricOptions,
  type Counter,
  createCallbackMetric,
  createCounter,
  createGauge,
  type Gauge,
  type MetricOptions,
} from "./scalar-metrics.ts";

/** A process's metrics, rendered for a Prometheus scrape. */
export interface MetricsRegistry {
  counter(options: MetricOptions): Counter;
  gauge(options: MetricOptions): Gauge;
  histogram(options: HistogramOptions): Histogram;
  /** A gauge computed at scrape time. */
  callbackGauge(options: CallbackMetricOptions): void;
  /** A counter computed at scrape time (e.g. CPU seconds read from the OS). */
  callbackCounter(options: CallbackMetricOptions): void;
  /** Every family in registration order, in text exposition format 0.0.4. */
  render(): string;
}

/** The Content-Type of `render()`'s output. */
export const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/** Creates an empty registry. */
export function createMetricsRegistry(): MetricsRegistry {
  const families = new Map<string, { render(): string }>();

  function add<T extends { render(): string }>(name: string, family: T): T {
    if (!metricNamePattern.test(name)) {
      throw new HoloError("invalid_argument", `"${name}" is not a valid metric name.`);
    }
    if (families.has(name)) {
      throw new HoloError("already_exists", `Metric ${name} is already registered.`);
    }
    families.set(name, family);
    return family;
  }

  return {
    counter: (options) => add(options.name, createCounter(options)),
    gauge: (options) => add(options.name, createGauge(options)),
    histogram: (options) => add(options.name, createHistogram(options)),
    callbackGauge(options) {
      add(options.name, createCallbackMetric(options, "gauge"));
    },
    callbackCounter(options) {
      add(options.name, createCallbackMetric(options, "counter"));
    },
    render() {
      let out = "";
      for (const family of families.values()) out += family.render();
      return out;
    },
  };
}
