import { expect, test } from "bun:test";
import { idleFor, onFor, utcTime } from "./presence-format.ts";

test.each([
  [0, "00:00", "0s"],
  [59_000, "00:00", "59s"],
  [7 * 60_000, "00:07", "7m"],
  [(3 * 60 + 5) * 60_000, "03:05", "3h"],
  [(2 * 1440 + 3 * 60 + 15) * 60_000, "2d 03:15", "2d"],
])("%d ms on reads %s in WHO, and idle that long reads %s", (ms, on, idle) => {
  expect({ on: onFor(ms), idle: idleFor(ms) }).toEqual({ on, idle });
});

test("a moment reads as a UTC date and time", () => {
  expect(utcTime(Date.UTC(2026, 11, 2, 14, 5))).toBe("2026-12-02 14:05 UTC");
});
