import { expect, test } from "bun:test";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createShutdownSchedule } from "./shutdown-schedule.ts";

function harness() {
  const clock = manualClock(1_000_000);
  const timers = manualTimers(clock);
  const seen: string[] = [];
  const schedule = createShutdownSchedule({ timers, clock });
  const steps = { announce: (left: number) => seen.push(`${left}s`), fire: () => seen.push("stop") };
  return { timers, seen, schedule, steps };
}

test("a shutdown in 90 s is announced at 60, 30, 10 and 5 s left, then fires once", () => {
  const { timers, seen, schedule, steps } = harness();
  schedule.schedule(90, steps);
  expect(schedule.secondsLeft()).toBe(90);
  timers.advance(85_000);
  expect(seen).toEqual(["60s", "30s", "10s", "5s"]);
  timers.advance(5_000);
  expect(seen).toEqual(["60s", "30s", "10s", "5s", "stop"]);
  expect(schedule.secondsLeft()).toBeUndefined();
  expect(timers.pending()).toEqual([]);
});

test("a short shutdown skips the marks it is already past", () => {
  const { timers, seen, schedule, steps } = harness();
  schedule.schedule(8, steps);
  timers.advance(8_000);
  expect(seen).toEqual(["5s", "stop"]);
});

test("a cancelled shutdown announces nothing more and never fires", () => {
  const { timers, seen, schedule, steps } = harness();
  schedule.schedule(60, steps);
  timers.advance(30_000);
  expect(schedule.cancel()).toBe(true);
  timers.advance(60_000);
  expect(seen).toEqual(["30s"]);
  expect(schedule.cancel()).toBe(false);
});

test("scheduling again replaces the pending shutdown", () => {
  const { timers, seen, schedule, steps } = harness();
  schedule.schedule(60, steps);
  schedule.schedule(6, steps);
  timers.advance(120_000);
  expect(seen).toEqual(["5s", "stop"]);
});
