import { expect, test } from "bun:test";
import { createKnownCommands } from "./known-commands.ts";

const key = (sequence: number, connectionId = "a") => ({ sessionId: "S", connectionId, sequence });

test("a session created here holds exactly the commands recorded since, per connection", () => {
  const known = createKnownCommands();
  known.created("S");
  for (const n of [1, 2, 3, 7, 5, 6, 10]) known.recorded(key(n));
  const recorded = Array.from({ length: 11 }, (_, n) => known.mayExist(key(n)));
  expect(recorded).toEqual([false, true, true, true, false, true, true, true, false, false, true]);
  expect(known.mayExist(key(1, "b"))).toBe(false);
});

test("a session not created here, forgotten, or with too many gaps may hold any command", () => {
  const known = createKnownCommands();
  expect(known.mayExist(key(1))).toBe(true);
  known.created("S");
  for (let n = 0; n < 200; n += 2) known.recorded(key(n));
  expect(known.mayExist(key(1))).toBe(true);
  known.created("S");
  known.forget("S");
  expect(known.mayExist(key(1))).toBe(true);
});

test("in any order of recording, a known session answers exactly for the numbers recorded per connection", () => {
  const known = createKnownCommands();
  known.created("S");
  const recorded = { a: new Set<number>(), b: new Set<number>() };
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (const connectionId of ["a", "b"] as const) {
    const order = Array.from({ length: 60 }, (_, n) => n).sort(() => (next() % 3) - 1);
    for (const n of order.slice(0, 45)) {
      known.recorded(key(n, connectionId));
      recorded[connectionId].add(n);
      for (let m = 0; m < 62; m++)
        expect(known.mayExist(key(m, connectionId))).toBe(recorded[connectionId].has(m));
    }
  }
});
