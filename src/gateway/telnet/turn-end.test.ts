import { expect, test } from "bun:test";
import { createTurnEnd } from "./turn-end.ts";

test("the callbacks of one turn run in order from one scheduled run", () => {
  const scheduled: (() => void)[] = [];
  const { atTurnEnd } = createTurnEnd(
    (error) => {
      throw error;
    },
    (run) => scheduled.push(run),
  );
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

test("a callback that throws is reported, and the others of its turn and of later turns still run", () => {
  const scheduled: (() => void)[] = [];
  const failures: unknown[] = [];
  const { atTurnEnd } = createTurnEnd(
    (error) => failures.push(error),
    (run) => scheduled.push(run),
  );
  const order: string[] = [];
  atTurnEnd(() => order.push("a"));
  atTurnEnd(() => {
    throw new Error("write after end");
  });
  atTurnEnd(() => order.push("c"));
  scheduled.shift()?.();
  expect(order).toEqual(["a", "c"]);
  expect(failures).toEqual([new Error("write after end")]);
  atTurnEnd(() => order.push("d"));
  scheduled.shift()?.();
  expect(order).toEqual(["a", "c", "d"]);
});

/** A turn end whose scheduled runs wait in `scheduled` until the test runs them; a failure is thrown. */
function manualTurnEnd() {
  const scheduled: (() => void)[] = [];
  const turnEnd = createTurnEnd(
    (error) => {
      throw error;
    },
    (run) => scheduled.push(run),
  );
  return { turnEnd, scheduled };
}

test("a flush runs the held callbacks at once, and the turn's scheduled run finds nothing left", () => {
  const { turnEnd, scheduled } = manualTurnEnd();
  const order: string[] = [];
  turnEnd.atTurnEnd(() => order.push("a"));
  turnEnd.flush();
  expect(order).toEqual(["a"]);
  turnEnd.atTurnEnd(() => order.push("b"));
  expect(scheduled.length).toBe(1);
  scheduled.shift()?.();
  expect(order).toEqual(["a", "b"]);
  turnEnd.atTurnEnd(() => order.push("c"));
  expect(scheduled.length).toBe(1);
});

test("only the first caller of a turn may flush early; the next turn has a first caller again", () => {
  const { turnEnd, scheduled } = manualTurnEnd();
  expect([turnEnd.early(), turnEnd.early()]).toEqual([true, false]);
  for (const run of scheduled.splice(0)) run();
  expect(turnEnd.early()).toBe(true);
});

test("a callback that holds or flushes more while a run is under way loses nothing, and each runs once", () => {
  const { turnEnd, scheduled } = manualTurnEnd();
  const order: string[] = [];
  turnEnd.atTurnEnd(() => {
    order.push("a");
    turnEnd.atTurnEnd(() => order.push("b"));
    turnEnd.flush();
    turnEnd.atTurnEnd(() => order.push("c"));
  });
  turnEnd.atTurnEnd(() => order.push("d"));
  turnEnd.flush();
  expect(order).toEqual(["a", "b", "d"]);
  turnEnd.flush();
  expect(order).toEqual(["a", "b", "d", "c"]);
  for (const run of scheduled.splice(0)) run();
  turnEnd.flush();
  expect(order).toEqual(["a", "b", "d", "c"]);
});
