import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { createSharedCommit } from "./shared-commit.ts";

/** A database with one table, and a count of the top-level transactions begun on it. */
function countingDatabase(options: { failFirstBatch?: boolean } = {}) {
  const db = new Database(":memory:", { strict: true });
  db.exec("CREATE TABLE t (k TEXT PRIMARY KEY)");
  const counts = { transactions: 0 };
  let failNext = options.failFirstBatch ?? false;
  const spy = {
    get inTransaction() {
      return db.inTransaction;
    },
    transaction(fn: () => unknown) {
      const real = db.transaction(fn);
      const nested = db.inTransaction;
      const call = () => real();
      call.immediate = () => {
        if (!nested) counts.transactions++;
        if (failNext && !nested) {
          failNext = false;
          throw new Error("the commit failed");
        }
        return real.immediate();
      };
      return call;
    },
  } as unknown as Database;
  const insert = (k: string) => () => db.query("INSERT INTO t (k) VALUES (?)").run(k).changes;
  const keys = () =>
    db
      .query<{ k: string }, []>("SELECT k FROM t ORDER BY k")
      .all()
      .map((r) => r.k);
  return { db, spy, counts, insert, keys };
}

test("writes submitted in the same tick share one transaction and get their own results", async () => {
  const { spy, counts, insert, keys } = countingDatabase();
  const commits = createSharedCommit(spy);
  const results = await Promise.all([
    commits.submit(insert("a")),
    commits.submit(insert("b")),
    commits.submit(() => 42),
  ]);
  expect(results).toEqual([1, 1, 42]);
  expect(counts.transactions).toBe(1);
  expect(keys()).toEqual(["a", "b"]);
});

test("a write that throws fails only its own caller and leaves nothing behind", async () => {
  const { spy, insert, keys } = countingDatabase();
  const commits = createSharedCommit(spy);
  const bad = () => {
    insert("half")();
    throw new Error("bad write");
  };
  const settled = await Promise.allSettled([
    commits.submit(insert("a")),
    commits.submit(bad),
    commits.submit(insert("c")),
  ]);
  expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  expect(keys()).toEqual(["a", "c"]);
});

test("a write is not acknowledged before its transaction committed", async () => {
  const { spy, insert, keys } = countingDatabase();
  const commits = createSharedCommit(spy);
  let acknowledged = false;
  const done = commits.submit(insert("a")).then(() => {
    acknowledged = true;
  });
  await Promise.resolve();
  expect(acknowledged).toBe(false);
  expect(keys()).toEqual([]);
  await done;
  expect(keys()).toEqual(["a"]);
});

test("when the shared commit fails, each write is tried again alone", async () => {
  const { spy, counts, insert, keys } = countingDatabase({ failFirstBatch: true });
  const commits = createSharedCommit(spy);
  const results = await Promise.all([commits.submit(insert("a")), commits.submit(insert("b"))]);
  expect(results).toEqual([1, 1]);
  expect(counts.transactions).toBe(3);
  expect(keys()).toEqual(["a", "b"]);
});

test("settled resolves once every write submitted so far is committed", async () => {
  const { spy, insert, keys } = countingDatabase();
  const commits = createSharedCommit(spy);
  const written = commits.submit(insert("a"));
  await commits.settled();
  expect(keys()).toEqual(["a"]);
  await written;
  await commits.settled();
});
