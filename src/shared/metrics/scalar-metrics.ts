import { HoloError } from "#shared/errors/holo-error.ts";
import { createLabelSeries, validateLabelNames } from "./label-series.ts";
import { formatHeader, formatLabels, formatValue, type Labels, type MetricType } from "./prometheus-text.ts";

/** What a counter or gauge is registered with. */
export interface MetricOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
}

/** A monotonically increasing counter. */
export interface Counter {
  inc(by?: number): void;
  inc(labels: Labels, by?: number): void;
  get(labels?: Labels): number;
  render(): string;
}

/** A value that goes up and down. */
export interface Gauge {
  set(value: number): void;
  set(labels: Labels, value: number): void;
  inc(by?: number): void;
  inc(labels: Labels, by?: number): void;
  dec(by?: number): void;
  dec(labels: Labels, by?: number): void;
  get(labels?: Labels): number;
  render(): string;
}

/** One sample produced by a callback metric. */
export interface LabelledValue {
  readonly labels: Labels;
  readonly value: number;
}

/** A metric whose value is computed when scraped. */
export interface CallbackMetricOptions extends MetricOptions {
  /** Called on every render; a number for an unlabelled metric, or one value per label set. */
  readonly collect: () => number | readonly LabelledValue[];
}

function splitArgs(a: Labels | number | undefined, b: number | undefined, fallback: number) {
  return typeof a === "object" ? ([a, b ?? fallback] as const) : ([undefined, a ?? fallback] as const);
}

function createScalar(options: MetricOptions, type: MetricType) {
  const labelNames = options.labelNames ?? [];
  validateLabelNames(options.name, labelNames);
  const series = createLabelSeries<number>(options.name, labelNames, () => 0);
  if (labelNames.length === 0) series.at(undefined);
  return {
    series,
    get: (labels?: Labels) => series.peek(labels)?.state ?? 0,
    render() {
      let out = formatHeader(options.name, options.help, type);
      for (const { pairs, state } of series.all()) {
        out += `${options.name}${formatLabels(pairs)} ${formatValue(state)}\n`;
      }
      return out;
    },
  };
}

/** Creates a counter (not registered; use the registry's `counter()`). */
export function createCounter(options: MetricOptions): Counter {
  const scalar = createScalar(options, "counter");
  return {
    inc(a?: Labels | number, b?: number) {
      const [labels, by] = splitArgs(a, b, 1);
      if (!(by >= 0)) throw new HoloError("invalid_argument", `Counter ${options.name} cannot decrease.`);
      scalar.series.at(labels).state += by;
    },
    get: scalar.get,
    render: scalar.render,
  };
}

/** Creates a gauge (not registered; use the registry's `gauge()`). */
export function createGauge(options: MetricOptions): Gauge {
  const scalar = createScalar(options, "gauge");
  return {
    set(a: Labels | number, b?: number) {
      const [labels, value] = splitArgs(a, b, 0);
      scalar.series.at(labels).state = value;
    },
    inc(a?: Labels | number, b?: number) {
      const [labels, by] = splitArgs(a, b, 1);
      scalar.series.at(labels).state += by;
    },
    dec(a?: Labels | number, b?: number) {
      const [labels, by] = splitArgs(a, b, 1);
      scalar.series.at(labels).state -= by;
    },
    get: scalar.get,
    render: scalar.render,
  };
}

/** Creates a callback metric rendered as `type` (not registered; use the registry). */
export function createCallbackMetric(
  options: CallbackMetricOptions,
  type: "counter" | "gauge",
): { render(): string } {
  const labelNames = options.labelNames ?? [];
  validateLabelNames(options.name, labelNames);
  return {
    render() {
      const collected = options.collect();
      const samples = typeof collected === "number" ? [{ labels: {}, value: collected }] : collected;
      let out = formatHeader(options.name, options.help, type);
      for (const { labels, value } of samples) {
        const series = createLabelSeries<number>(options.name, labelNames, () => value).at(labels);
        out += `${options.name}${formatLabels(series.pairs)} ${formatValue(value)}\n`;
      }
      return out;
    },
  };
}
