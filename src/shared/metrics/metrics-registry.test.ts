import { describe, expect, test } from "bun:test";
import { manualClock } from "#shared/util/clock.ts";
import { createMetricsRegistry } from "./metrics-registry.ts";
import { registerProcessMetrics } from "./process-metrics.ts";

const sampleLine =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\\\|\\"|\\n)*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$/;

/** A small checker for text format 0.0.4: every line is HELP, TYPE or a sample of a declared family. */
function parseExposition(text: string): { types: Map<string, string>; samples: Map<string, number> } {
  expect(text.endsWith("\n")).toBe(true);
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.slice(0, -1).split("\n")) {
    const header = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (header) {
      if (header[1] === "TYPE") types.set(header[2]!, header[3]!);
      continue;
    }
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`bad exposition line: ${line}`);
    const family = match[1]!.replace(/_(bucket|sum|count)$/, "");
    expect(types.has(match[1]!) || types.get(family) === "histogram").toBe(true);
    samples.set(`${match[1]}${match[2] ?? ""}`, Number(match[3]!.replace("+Inf", "Infinity")));
  }
  return { types, samples };
}

describe("metrics registry", () => {
  test("counters and gauges render with HELP, TYPE and escaped labels", () => {
    const registry = createMetricsRegistry();
    const said = registry.counter({
      name: "holomush_says_total",
      help: "Says.\nPer room \\ kind.",
      labelNames: ["room"],
    });
    said.inc({ room: 'the "hall"\n' });
    said.inc({ room: 'the "hall"\n' }, 2);
    said.inc({ room: "c:\\" });
    const players = registry.gauge({ name: "holomush_players", help: "Connected players." });
    players.set(5);
    players.dec();
    expect(registry.render()).toBe(
      [
        "# HELP holomush_says_total Says.\\nPer room \\\\ kind.",
        "# TYPE holomush_says_total counter",
        'holomush_says_total{room="the \\"hall\\"\\n"} 3',
        'holomush_says_total{room="c:\\\\"} 1',
        "# HELP holomush_players Connected players.",
        "# TYPE holomush_players gauge",
        "holomush_players 4",
        "",
      ].join("\n"),
    );
    expect(said.get({ room: "c:\\" })).toBe(1);
    parseExposition(registry.render());
  });

  test("a histogram renders cumulative buckets ending in +Inf, then sum and count", () => {
    const registry = createMetricsRegistry();
    const latency = registry.histogram({
      name: "append_seconds",
      help: "Append latency.",
      labelNames: ["store"],
      buckets: [0.001, 0.01],
    });
    for (const v of [0.0005, 0.001, 0.005, 2]) latency.observe({ store: "sqlite" }, v);
    expect(registry.render()).toBe(
      [
        "# HELP append_seconds Append latency.",
        "# TYPE append_seconds histogram",
        'append_seconds_bucket{store="sqlite",le="0.001"} 2',
        'append_seconds_bucket{store="sqlite",le="0.01"} 3',
        'append_seconds_bucket{store="sqlite",le="+Inf"} 4',
        'append_seconds_sum{store="sqlite"} 2.0065',
        'append_seconds_count{store="sqlite"} 4',
        "",
      ].join("\n"),
    );
    expect(latency.snapshot({ store: "sqlite" })).toEqual({
      bounds: [0.001, 0.01, Number.POSITIVE_INFINITY],
      cumulative: [2, 3, 4],
      sum: 2.0065,
      count: 4,
    });
    expect(latency.snapshot({ store: "pg" })).toBeUndefined();
  });

  test("callback metrics are computed at every render", () => {
    const registry = createMetricsRegistry();
    let sessions = 1;
    registry.callbackGauge({ name: "sessions", help: "Sessions.", collect: () => sessions });
    registry.callbackGauge({
      name: "queue_depth",
      help: "Queue depth.",
      labelNames: ["conn"],
      collect: () => [{ labels: { conn: "a" }, value: 3 }],
    });
    expect(parseExposition(registry.render()).samples.get("sessions")).toBe(1);
    sessions = 7;
    const { samples } = parseExposition(registry.render());
    expect(samples.get("sessions")).toBe(7);
    expect(samples.get('queue_depth{conn="a"}')).toBe(3);
  });

  test.each([
    [
      "a duplicate name",
      (r: ReturnType<typeof createMetricsRegistry>) => r.gauge({ name: "dup", help: "x" }),
    ],
    [
      "an invalid metric name",
      (r: ReturnType<typeof createMetricsRegistry>) => r.gauge({ name: "9bad", help: "x" }),
    ],
    [
      "an le label on a histogram",
      (r: ReturnType<typeof createMetricsRegistry>) =>
        r.histogram({ name: "h", help: "x", labelNames: ["le"] }),
    ],
    [
      "an undeclared label",
      (r: ReturnType<typeof createMetricsRegistry>) => r.counter({ name: "c", help: "x" }).inc({ nope: "1" }),
    ],
    [
      "a counter decrease",
      (r: ReturnType<typeof createMetricsRegistry>) => r.counter({ name: "c", help: "x" }).inc(-1),
    ],
  ])("the registry refuses %s", (_, act) => {
    const registry = createMetricsRegistry();
    registry.counter({ name: "dup", help: "x" });
    expect(() => act(registry)).toThrow();
  });

  test("process metrics report uptime from the clock, build info and CPU in a parseable form", () => {
    const registry = createMetricsRegistry();
    const clock = manualClock(1_700_000_000_000);
    registerProcessMetrics(registry, {
      clock,
      startedAt: clock.now(),
      service: "core",
      version: "1.2.3",
      commit: "abc",
    });
    clock.advance(90_500);
    const { types, samples } = parseExposition(registry.render());
    expect(samples.get("process_uptime_seconds")).toBe(90.5);
    expect(samples.get("process_start_time_seconds")).toBe(1_700_000_000);
    expect(samples.get('holomush_build_info{version="1.2.3",commit="abc",service="core"}')).toBe(1);
    expect(samples.get("process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(samples.get("process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(types.get("process_cpu_seconds_total")).toBe("counter");
    expect(types.get("process_heap_bytes")).toBe("gauge");
  });
});
