import { expect, test } from "bun:test";
import { createBackoff } from "./backoff.ts";

test("delays double from 0.5 s to a 10 s cap, and a reset starts over", () => {
  const lowest = createBackoff({ random: () => 0 });
  const highest = createBackoff({ random: () => 0.999999 });
  const run = (b: ReturnType<typeof createBackoff>) => Array.from({ length: 8 }, () => b.next());
  expect(run(lowest)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  expect(run(highest)).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  lowest.reset();
  expect(lowest.next()).toBe(250);
});
