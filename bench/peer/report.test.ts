import { describe, expect, test } from "bun:test";
import type { Phase } from "./phase.ts";
import { markdownTable, reportRows, textTable } from "./report.ts";

const phase: Phase = {
  name: "fanout",
  characters: () => 0,
  figures: [
    { key: "p50", label: "fan-out: p50 (ms)", better: "lower" },
    { key: "lost", label: "fan-out: lost", better: "lower" },
  ],
  run: () => Promise.reject(new Error("not run in this test")),
};

describe("reportRows", () => {
  test("each figure is paired across the servers with HoloMUSH divided by TinyMUX", () => {
    expect(reportRows([phase], { fanout: { p50: 12, lost: 0 } }, { fanout: { p50: 3, lost: 0 } })).toEqual([
      { figure: "fan-out: p50 (ms)", holomush: 12, tinymux: 3, ratio: 4, better: "lower" },
      { figure: "fan-out: lost", holomush: 0, tinymux: 0, ratio: null, better: "lower" },
    ]);
  });

  test("a phase that did not run on one server leaves its figures empty instead of failing", () => {
    expect(reportRows([phase], { fanout: { p50: 12, lost: 0 } }, {})[0]).toEqual({
      figure: "fan-out: p50 (ms)",
      holomush: 12,
      tinymux: null,
      ratio: null,
      better: "lower",
    });
  });
});

describe("tables", () => {
  const rows = reportRows(
    [phase],
    { fanout: { p50: 12.5, lost: 1200 } },
    { fanout: { p50: 2.5, lost: null } },
  );

  test("the Markdown table has a header, an alignment row and one row per figure", () => {
    expect(markdownTable(rows).split("\n")).toEqual([
      "| figure | HoloMUSH | TinyMUX | HoloMUSH / TinyMUX | better |",
      "| --- | ---: | ---: | ---: | ---: |",
      "| fan-out: p50 (ms) | 12.50 | 2.50 | 5.00× | lower |",
      "| fan-out: lost | 1,200 | - | - | lower |",
    ]);
  });

  test("the text table lines up its columns", () => {
    const widths = new Set(
      textTable(rows)
        .split("\n")
        .map((line) => line.length),
    );
    expect(widths.size).toBe(1);
  });
});
