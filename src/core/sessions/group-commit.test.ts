import { expect, test } from "bun:test";
import { createGroupCommit } from "./group-commit.ts";

/**
 * A group commit over a log of committed batches: a write named "bad" fails its transaction, and one
 * named "hold" keeps its commit in flight (`held` resolves) until `release()`.
 */
function recorder() {
  const batches: string[][] = [];
  const gate = Promise.withResolvers<void>();
  const held = Promise.withResolvers<void>();
  const group = createGroupCommit<string>(async (writes) => {
    if (writes.includes("hold")) {
      held.resolve();
      await gate.promise;
    }
    if (writes.includes("bad")) throw new Error("constraint");
    batches.push([...writes]);
    return writes.map((w) => w.toUpperCase());
  });
  return { group, batches, held: held.promise, release: () => gate.resolve() };
}

test("writes submitted in one tick share one commit and each gets its own result", async () => {
  const { group, batches } = recorder();
  expect(await Promise.all(["a", "b", "c"].map((w) => group.submit(w)))).toEqual(["A", "B", "C"]);
  expect(batches).toEqual([["a", "b", "c"]]);
});

test("writes submitted while a commit is in flight go into the next commit together", async () => {
  const { group, batches, held, release } = recorder();
  const first = group.submit("hold");
  await held;
  const later = ["x", "y"].map((w) => group.submit(w));
  release();
  expect(await Promise.all([first, ...later])).toEqual(["HOLD", "X", "Y"]);
  expect(batches).toEqual([["hold"], ["x", "y"]]);
});

test("a write that fails its shared commit fails alone and the others are committed", async () => {
  const { group, batches } = recorder();
  const outcomes = await Promise.allSettled(["a", "bad", "c"].map((w) => group.submit(w)));
  expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(batches).toEqual([["a"], ["c"]]);
});

test("flush waits for every write submitted so far", async () => {
  const { group, batches } = recorder();
  void group.submit("a");
  void group.submit("b");
  await group.flush();
  expect(batches).toEqual([["a", "b"]]);
});
