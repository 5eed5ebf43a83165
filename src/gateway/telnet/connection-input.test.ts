import { describe, expect, test } from "bun:test";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createConnectionInput, type InputItem } from "./connection-input.ts";
import { createLineAssembler } from "./line-assembler.ts";

/** An input over the real line assembler; `hold` decides which lines the layer above holds on. */
function harness(options: { bytesPerTurn?: number; hold?: (line: string) => boolean } = {}) {
  const timers = manualTimers(manualClock());
  const delivered: string[] = [];
  const waitingReports: boolean[] = [];
  const failures: unknown[] = [];
  const parsed: number[] = [];
  const holds: PromiseWithResolvers<void>[] = [];
  const input = createConnectionInput({
    parse: (bytes) => {
      parsed.push(bytes.length);
      lines.push(bytes);
    },
    deliver: (item: InputItem) => {
      const text = item.kind === "line" ? item.text : `<too long ${item.limit}>`;
      delivered.push(text);
      if (text === "throw") throw new Error("handler failed");
      if (!options.hold?.(text)) return;
      const hold = Promise.withResolvers<void>();
      holds.push(hold);
      return hold.promise;
    },
    waiting: (on) => waitingReports.push(on),
    timers,
    bytesPerTurn: options.bytesPerTurn ?? 1024,
    failed: (error) => failures.push(error),
  });
  const lines = createLineAssembler(
    {
      line: (text) => input.push({ kind: "line", text }),
      tooLong: (limit) => input.push({ kind: "tooLong", limit }),
    },
    16,
  );
  const send = (text: string) => input.receive(new TextEncoder().encode(text));
  /** Lets settled holds release their input (microtasks). */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return { input, timers, delivered, waitingReports, failures, parsed, holds, send, settle };
}

describe("a connection's input", () => {
  test("lines are handed on in order, one socket read at a time, and nothing waits when nobody holds", () => {
    const h = harness();
    h.send("one\r\ntwo\r\nthr");
    h.send("ee\r\n");
    expect(h.delivered).toEqual(["one", "two", "three"]);
    expect(h.input.waiting).toBe(false);
    expect(h.waitingReports).toEqual([]);
  });

  test("a held line keeps every later line waiting, unparsed, until it settles; then all come in order", async () => {
    const h = harness({ hold: (line) => line.startsWith("connect") });
    h.send("connect alice pw\r\nsay one\r\nsay two\r\n");
    h.send("say three\r\n");
    expect(h.delivered).toEqual(["connect alice pw"]);
    expect(h.input.waiting).toBe(true);
    expect(h.waitingReports).toEqual([true]);
    expect(h.input.bufferedBytes).toBe("say three\r\n".length);
    h.holds[0]?.resolve();
    await h.settle();
    expect(h.delivered).toEqual(["connect alice pw", "say one", "say two", "say three"]);
    expect(h.input.waiting).toBe(false);
    expect(h.waitingReports).toEqual([true, false]);
  });

  test("a line too long waits its turn like any line, so notices keep their place", async () => {
    const h = harness({ hold: (line) => line === "hold" });
    h.send(`hold\r\n${"x".repeat(40)}\r\nafter\r\n`);
    h.holds[0]?.resolve();
    await h.settle();
    expect(h.delivered).toEqual(["hold", "<too long 16>", "after"]);
  });

  test("a huge read is parsed a budget at a time, the rest on later event-loop turns", () => {
    const h = harness({ bytesPerTurn: 100 });
    const paste = Array.from({ length: 50 }, (_, i) => `say ${String(i).padStart(3, "0")}\r\n`).join("");
    h.send(paste);
    expect(h.parsed).toEqual([100]);
    expect(h.input.waiting).toBe(true);
    expect(h.timers.pending()).toEqual([0]);
    while (h.timers.fireNext()) {}
    expect(h.parsed.every((n) => n <= 100)).toBe(true);
    expect(h.parsed.reduce((a, b) => a + b, 0)).toBe(paste.length);
    expect(h.delivered).toEqual(Array.from({ length: 50 }, (_, i) => `say ${String(i).padStart(3, "0")}`));
    expect(h.input.waiting).toBe(false);
  });

  test("bytes kept past a read are copied, so a socket reusing its buffer changes nothing", async () => {
    const h = harness({ hold: (line) => line === "hold" });
    const bytes = new TextEncoder().encode("hold\r\nkept\r\n");
    h.input.receive(bytes);
    bytes.fill(0x21);
    h.holds[0]?.resolve();
    await h.settle();
    expect(h.delivered).toEqual(["hold", "kept"]);
  });

  test("a handler that throws or rejects is reported and the next line still comes", async () => {
    const h = harness({ hold: (line) => line === "reject" });
    h.send("throw\r\nreject\r\nnext\r\n");
    h.holds[0]?.reject(new Error("refused"));
    await h.settle();
    expect(h.delivered).toEqual(["throw", "reject", "next"]);
    expect(h.failures).toHaveLength(2);
  });

  test("close drops what is buffered, stops waiting and hands nothing more on", async () => {
    const h = harness({ hold: (line) => line === "hold" });
    h.send("hold\r\nlost on close\r\n");
    h.input.close();
    expect(h.input.waiting).toBe(false);
    expect(h.waitingReports).toEqual([true, false]);
    h.holds[0]?.resolve();
    await h.settle();
    h.send("later\r\n");
    expect(h.delivered).toEqual(["hold"]);
  });
});
