import { expect, test } from "bun:test";
import { formatUptime } from "./format-uptime.ts";

test.each([
  [0, "0s"],
  [42.9, "42s"],
  [303, "5m 3s"],
  [7500, "2h 5m"],
  [273_600, "3d 4h"],
  [-3, "0s"],
  [Number.NaN, "0s"],
])("%p seconds of uptime read as %p", (seconds, text) => {
  expect(formatUptime(seconds)).toBe(text);
});
