import { expect, test } from "bun:test";
import { createTurnEnd } from "./turn-end.ts";

test("the callbacks of one turn run in order from one scheduled run", () => {
  const scheduled: (() => void)[] = [];
  const atTurnEnd = createTurnEnd((run) => scheduled.push(run));
  const order: string[] = [];
  atTurnEnd(() => order.push("a"));
  atTurnEnd(() => order.push("b"));
  expect(scheduled.length).toBe(1);
  scheduled.shift()?.();
  expect(order).toEqual(["a", "b"]);
  atTurnEnd(() => order.push("c"));
  expect(scheduled.length).toBe(1);
  scheduled.shift()?.();
  expect(order).toEqual(["a", "b", "c"]);
});
