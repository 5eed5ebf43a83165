import { HoloError } from "#shared/errors/holo-error.ts";
import { type Labels, labelNamePattern } from "./prometheus-text.ts";

/** One labelled series: its label pairs in declared order, and its state. */
export interface Series<T> {
  readonly pairs: readonly (readonly [string, string])[];
  state: T;
}

/** Series of one metric family, keyed by their label values. */
export interface LabelSeries<T> {
  /** The series for `labels`, created with `init()` on first use. */
  at(labels: Labels | undefined): Series<T>;
  /** The series for `labels`, or undefined when it was never touched. */
  peek(labels: Labels | undefined): Series<T> | undefined;
  /** Every series, in creation order. */
  all(): Iterable<Series<T>>;
  readonly size: number;
}

/** Checks label names once, at registration. */
export function validateLabelNames(
  metric: string,
  names: readonly string[],
  reserved: readonly string[] = [],
) {
  for (const name of names) {
    if (!labelNamePattern.test(name) || name.startsWith("__") || reserved.includes(name)) {
      throw new HoloError("invalid_argument", `Metric ${metric} has an invalid label name "${name}".`);
    }
  }
  if (new Set(names).size !== names.length) {
    throw new HoloError("invalid_argument", `Metric ${metric} declares a label name twice.`);
  }
}

/** Creates the series store for a family with the declared `labelNames`. */
export function createLabelSeries<T>(
  metric: string,
  labelNames: readonly string[],
  init: () => T,
): LabelSeries<T> {
  const series = new Map<string, Series<T>>();

  function valuesOf(labels: Labels | undefined): string[] {
    if (labels) {
      for (const key of Object.keys(labels)) {
        if (!labelNames.includes(key)) {
          throw new HoloError("invalid_argument", `Metric ${metric} has no label "${key}".`);
        }
      }
    }
    // Invariant: a label that is not given renders as the empty string, which Prometheus treats as absent.
    return labelNames.map((name) => labels?.[name] ?? "");
  }

  return {
    at(labels) {
      const values = valuesOf(labels);
      const key = JSON.stringify(values);
      let found = series.get(key);
      if (!found) {
        found = { pairs: labelNames.map((n, i) => [n, values[i] ?? ""] as const), state: init() };
        series.set(key, found);
      }
      return found;
    },
    peek(labels) {
      return series.get(JSON.stringify(valuesOf(labels)));
    },
    all: () => series.values(),
    get size() {
      return series.size;
    },
  };
}
