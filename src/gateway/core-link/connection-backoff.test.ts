import { expect, test } from "bun:test";
import { backoffDelay, grpcBackoff } from "./connection-backoff.ts";

test.each([
  [0, 0.5, 1000],
  [1, 0.5, 1600],
  [2, 0.5, 2560],
  [20, 0.5, 120_000],
  [0, 0, 800],
  [0, 0.999_999, 1200],
  [20, 0, 96_000],
])("retry %d with random %d waits %d ms", (attempt, random, expected) => {
  expect(backoffDelay(attempt, grpcBackoff, () => random)).toBe(expected);
});
