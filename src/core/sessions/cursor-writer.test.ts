import { expect, test } from "bun:test";
import { HoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createCursorWriter } from "./cursor-writer.ts";

type Cursors = Readonly<Record<string, number>>;

/** An index whose writes wait until released, recording what was noted and written. */
function slowIndex() {
  const noted: [string, Cursors][] = [];
  const written: [string, Cursors][] = [];
  const gates: PromiseWithResolvers<void>[] = [];
  let fail = false;
  return {
    noted,
    written,
    gates,
    failNext: () => {
      fail = true;
    },
    index: {
      noteCursors: (id: string, cursors: Cursors) => void noted.push([id, cursors]),
      async advanceCursors(id: string, cursors: Cursors) {
        const gate = Promise.withResolvers<void>();
        gates.push(gate);
        await gate.promise;
        if (fail) {
          fail = false;
          throw new HoloError("unavailable", "The store is down.");
        }
        written.push([id, cursors]);
      },
    },
  };
}

/** Lets pending promise callbacks run until `done` holds. */
async function until(done: () => boolean) {
  for (let turn = 0; turn < 100 && !done(); turn++) await Promise.resolve();
  expect(done()).toBe(true);
}

function setup() {
  const { logger, lines } = collectingLogger();
  const timers = manualTimers(manualClock());
  const store = slowIndex();
  const writer = createCursorWriter({ index: store.index, timers, log: logger, cursorFlushMs: 1_000 });
  return { writer, timers, lines, ...store };
}

test("advances are noted at once and written as one merged write when flushed", async () => {
  const { writer, noted, written, gates } = setup();
  writer.advance("S", { a: 1 });
  writer.advance("S", { a: 3, b: 2 });
  writer.advance("S", { a: 2 });
  expect(noted.length).toBe(3);
  const flushed = writer.flushSession("S");
  gates[0]?.resolve();
  await flushed;
  expect(written).toEqual([["S", { a: 3, b: 2 }]]);
});

test("advances made while a write is in flight wait for it and go in the next write", async () => {
  const { writer, written, gates } = setup();
  writer.advance("S", { a: 1 });
  const first = writer.flushSession("S");
  writer.advance("S", { a: 2 });
  const second = writer.flushSession("S");
  expect(gates.length).toBe(1);
  gates[0]?.resolve();
  await first;
  await until(() => gates.length === 2);
  gates[1]?.resolve();
  await second;
  expect(written).toEqual([
    ["S", { a: 1 }],
    ["S", { a: 2 }],
  ]);
});

test("the timer writes every session that moved, once", async () => {
  const { writer, timers, written, gates } = setup();
  writer.advance("S", { a: 1 });
  writer.advance("T", { a: 2 });
  expect(timers.pending()).toEqual([1_000]);
  timers.advance(1_000);
  for (const gate of gates) gate.resolve();
  await writer.flush();
  expect(written).toEqual([
    ["S", { a: 1 }],
    ["T", { a: 2 }],
  ]);
  expect(timers.pending()).toEqual([]);
});

test("a failed write is logged and the writer goes on", async () => {
  const { writer, written, gates, failNext, lines } = setup();
  failNext();
  writer.advance("S", { a: 1 });
  const failed = writer.flushSession("S");
  gates[0]?.resolve();
  await failed;
  writer.advance("S", { a: 2 });
  const next = writer.flushSession("S");
  gates[1]?.resolve();
  await next;
  expect(written).toEqual([["S", { a: 2 }]]);
  expect(lines().filter((l) => JSON.stringify(l).includes("cursor write failed")).length).toBe(1);
});
