import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { type Rlimit, type RlimitCalls, raiseFileLimit } from "./file-limit.ts";
import { libcRlimitCalls } from "./libc-rlimit.ts";

/** A process limit held in memory; `refuse` makes every set fail as a kernel EPERM would. */
function fakeCalls(start: Rlimit, options: { refuse?: boolean; unreadable?: boolean } = {}) {
  let current = start;
  const sets: Rlimit[] = [];
  const calls: RlimitCalls = {
    get: () => (options.unreadable ? undefined : current),
    set(limit) {
      sets.push(limit);
      if (options.refuse) return false;
      current = limit;
      return true;
    },
  };
  return { calls, sets };
}

describe("raiseFileLimit", () => {
  test("a soft limit below the hard one is raised to the hard one", () => {
    const { calls, sets } = fakeCalls({ soft: 1024, hard: 524_288 });
    expect(raiseFileLimit(calls)).toEqual({
      soft: 524_288,
      hard: 524_288,
      raisedFrom: 1024,
      note: "open files: 524288 (raised from 1024; hard limit 524288)",
    });
    expect(sets).toEqual([{ soft: 524_288, hard: 524_288 }]);
  });

  test("a soft limit already at the hard one is left alone", () => {
    const { calls, sets } = fakeCalls({ soft: 20_000, hard: 20_000 });
    expect(raiseFileLimit(calls)).toEqual({
      soft: 20_000,
      hard: 20_000,
      note: "open files: 20000 (hard limit 20000)",
    });
    expect(sets).toEqual([]);
  });

  test("an unlimited hard limit raises the soft one to the kernel's default cap, not to infinity", () => {
    const { calls, sets } = fakeCalls({ soft: 1024, hard: "unlimited" });
    expect(raiseFileLimit(calls).soft).toBe(1_048_576);
    expect(sets).toEqual([{ soft: 1_048_576, hard: "unlimited" }]);
  });

  test("a refused raise keeps the old limit and says it was refused", () => {
    const { calls } = fakeCalls({ soft: 1024, hard: 4096 }, { refuse: true });
    expect(raiseFileLimit(calls)).toEqual({
      soft: 1024,
      hard: 4096,
      note: "open files: 1024; raising it to 4096 was refused",
    });
  });

  test("without the system calls the limit is reported as unknown instead of failing the start", () => {
    expect(raiseFileLimit(undefined)).toEqual({
      soft: null,
      hard: null,
      note: "open-file limit unknown on this platform",
    });
  });

  test("a limit that cannot be read is reported as such", () => {
    const { calls } = fakeCalls({ soft: 1, hard: 1 }, { unreadable: true });
    expect(raiseFileLimit(calls).note).toBe("open-file limit could not be read");
  });
});

describe.skipIf(process.platform !== "linux")("libcRlimitCalls on Linux", () => {
  test("reads the same open-file limits the kernel shows in /proc/self/limits", async () => {
    const calls = await libcRlimitCalls();
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files")) as string;
    const [soft, hard] = line
      .replace("Max open files", "")
      .trim()
      .split(/\s+/)
      .map((v) => (v === "unlimited" ? v : Number(v)));
    expect(calls?.get()).toEqual({ soft, hard } as Rlimit);
  });

  test("setting the limit it just read succeeds and changes nothing", async () => {
    const calls = (await libcRlimitCalls()) as RlimitCalls;
    const before = calls.get() as Rlimit;
    expect(calls.set(before)).toBe(true);
    expect(calls.get()).toEqual(before);
  });
});
