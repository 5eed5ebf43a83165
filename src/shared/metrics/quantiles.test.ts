import { describe, expect, test } from "bun:test";
import { createHistogram } from "./histogram.ts";
import { createReservoir, histogramQuantile, summarizeHistogram } from "./quantiles.ts";

describe("quantiles", () => {
  test("a histogram quantile interpolates inside the bucket like histogram_quantile", () => {
    const h = createHistogram({ name: "h", help: "h", buckets: [1, 2, 4] });
    for (let i = 0; i < 50; i++) h.observe(0.5);
    for (let i = 0; i < 50; i++) h.observe(1.5);
    const snap = h.snapshot()!;
    expect(histogramQuantile(0.5, snap)).toBe(1);
    expect(histogramQuantile(0.75, snap)).toBe(1.5);
    expect(summarizeHistogram(snap)).toEqual({ count: 100, p50: 1, p95: 1.9, p99: 1.98, max: 2 });
  });

  test("a quantile that falls in the +Inf bucket reports the highest finite bound", () => {
    const h = createHistogram({ name: "h", help: "h", buckets: [1] });
    h.observe(10);
    expect(histogramQuantile(0.99, h.snapshot()!)).toBe(1);
  });

  test("a reservoir keeps at most its capacity and summarises exactly while under it", () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const small = createReservoir({ capacity: 1000, random });
    for (let i = 1; i <= 100; i++) small.record(i);
    expect(small.summary()).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });

    const bounded = createReservoir({ capacity: 100, random });
    for (let i = 1; i <= 100_000; i++) bounded.record(i);
    const summary = bounded.summary();
    expect(summary.count).toBe(100_000);
    expect(summary.max).toBe(100_000);
    expect(summary.p50).toBeGreaterThan(25_000);
    expect(summary.p50).toBeLessThan(75_000);
  });

  test("an empty reservoir reports NaN percentiles", () => {
    expect(createReservoir({ capacity: 4 }).summary()).toEqual({
      count: 0,
      p50: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
      max: Number.NaN,
    });
  });
});
