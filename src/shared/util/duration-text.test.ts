import { expect, test } from "bun:test";
import { durationText } from "./duration-text.ts";

test.each([
  [0, "1 minute"],
  [1, "1 minute"],
  [60_000, "1 minute"],
  [60_001, "2 minutes"],
  [30 * 60_000, "30 minutes"],
  [119 * 60_000, "119 minutes"],
  [2 * 3_600_000, "2 hours"],
  [47 * 3_600_000 + 1, "48 hours"],
  [48 * 3_600_000, "2 days"],
  [7 * 86_400_000, "7 days"],
])("%d ms reads as %s", (ms, text) => {
  expect(durationText(ms)).toBe(text);
});
