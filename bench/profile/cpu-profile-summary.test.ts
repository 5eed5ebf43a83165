import { describe, expect, test } from "bun:test";
import { type CpuProfile, summarizeCpuProfile, topRows } from "./cpu-profile-summary.ts";

const frame = (functionName: string, url = "", lineNumber = 0) => ({ functionName, url, lineNumber });

// root -> main (a.ts) -> work (b.ts) -> work (b.ts, recursive); root -> (idle)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 5] },
    { id: 2, callFrame: frame("main", "file:///src/a.ts", 0), children: [3] },
    { id: 3, callFrame: frame("work", "file:///src/b.ts", 9), children: [4] },
    { id: 4, callFrame: frame("work", "file:///src/b.ts", 9), children: [] },
    { id: 5, callFrame: frame("(idle)"), children: [] },
  ],
  // Each sample stands for the gap to the next one: 1 ms each, the last gets the mean (1 ms).
  samples: [2, 3, 4, 4, 5],
  timeDeltas: [0, 1000, 1000, 1000, 1000],
  startTime: 0,
  endTime: 5000,
};

describe("summarizeCpuProfile", () => {
  const summary = summarizeCpuProfile(profile);

  test("self time is the time a function was on top of the stack, merged across its nodes", () => {
    expect(topRows(summary.byFunction, "self", 3)).toEqual([
      { name: "work src/b.ts:10", selfMs: 3, inclusiveMs: 3 },
      { name: "(idle)", selfMs: 1, inclusiveMs: 1 },
      { name: "main src/a.ts:1", selfMs: 1, inclusiveMs: 4 },
    ]);
  });

  test("a recursive function's inclusive time counts each sample once", () => {
    expect(summary.byFunction.find((r) => r.name.startsWith("work"))?.inclusiveMs).toBe(3);
  });

  test("files are summed the same way, by path", () => {
    expect(topRows(summary.byFile, "inclusive", 2)).toEqual([
      { name: "/src/a.ts", selfMs: 1, inclusiveMs: 4 },
      { name: "/src/b.ts", selfMs: 3, inclusiveMs: 3 },
    ]);
  });

  test("busy time leaves out idle samples", () => {
    expect({ total: summary.totalMs, busy: summary.busyMs }).toEqual({ total: 5, busy: 4 });
  });

  test("a profile without samples summarises to nothing", () => {
    expect(summarizeCpuProfile({ ...profile, samples: [], timeDeltas: [] })).toEqual({
      totalMs: 0,
      busyMs: 0,
      byFunction: [],
      byFile: [],
    });
  });
});
