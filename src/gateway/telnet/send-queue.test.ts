import { expect, test } from "bun:test";
import { createSendQueue, maxHeldBytes } from "./send-queue.ts";

const notice = new TextEncoder().encode("*** Output flushed ***\r\n");

/** A fake socket that accepts `room` bytes until drained. */
function fakeSocket(room: number) {
  const out: number[] = [];
  let free = room;
  return {
    out,
    write: (b: Uint8Array) => {
      const n = Math.min(free, b.length);
      out.push(...b.subarray(0, n));
      free -= n;
      return n;
    },
    read: (n: number) => {
      free += n;
    },
  };
}

test("bytes go straight out while the socket takes them", () => {
  const s = fakeSocket(100);
  const q = createSendQueue(s.write, { softCap: 10, hardCap: 20, flushNotice: notice });
  expect(q.enqueue(Uint8Array.of(1, 2, 3), "text")).toBe("sent");
  expect(s.out).toEqual([1, 2, 3]);
  expect(q.queuedBytes).toBe(0);
});

test("a partial write queues the rest and drain sends it in order", () => {
  const s = fakeSocket(2);
  const q = createSendQueue(s.write, { softCap: 100, hardCap: 200, flushNotice: notice });
  q.enqueue(Uint8Array.of(1, 2, 3, 4), "text");
  q.enqueue(Uint8Array.of(5), "control");
  expect(q.queuedBytes).toBe(3);
  s.read(10);
  q.drain();
  expect(s.out).toEqual([1, 2, 3, 4, 5]);
  expect(q.queuedBytes).toBe(0);
});

test("a client that never reads gets one flush notice and the queue stays bounded", () => {
  const s = fakeSocket(0);
  const q = createSendQueue(s.write, { softCap: 1000, hardCap: 4000, flushNotice: notice });
  const line = new Uint8Array(100).fill(65);
  for (let i = 0; i < 100_000; i++) q.enqueue(line, "text");
  expect(q.flushes).toBe(1);
  expect(q.queuedBytes).toBeLessThanOrEqual(1000);
  s.read(1_000_000);
  q.drain();
  expect(new TextDecoder().decode(Uint8Array.from(s.out))).toContain("*** Output flushed ***");
  expect(q.enqueue(line, "text")).toBe("sent");
});

test("control bytes past the hard cap report overflow so the caller can close", () => {
  const s = fakeSocket(0);
  const q = createSendQueue(s.write, { softCap: 10, hardCap: 20, flushNotice: notice });
  let result = "";
  for (let i = 0; i < 10 && result !== "overflow"; i++)
    result = q.enqueue(Uint8Array.of(255, 251, 1), "control");
  expect(result).toBe("overflow");
  expect(q.queuedBytes).toBeLessThanOrEqual(20);
});

test("a mark runs once the bytes queued before it are written, and survives a flush", () => {
  const s = fakeSocket(2);
  const q = createSendQueue(s.write, { softCap: 10, hardCap: 40, flushNotice: notice });
  const ran: number[] = [];
  q.mark(() => ran.push(s.out.length));
  expect(ran).toEqual([0]);
  q.enqueue(Uint8Array.of(1, 2, 3), "text");
  q.mark(() => ran.push(s.out.length));
  q.enqueue(new Uint8Array(12), "text");
  expect(q.flushes).toBe(1);
  expect(ran).toEqual([0]);
  s.read(100);
  q.drain();
  expect(ran).toEqual([0, 3]);
  expect(s.out.slice(0, 3)).toEqual([1, 2, 3]);
});

/** A fake socket that counts its writes, and a turn end run by hand. */
function heldSetup(room: number) {
  const s = fakeSocket(room);
  let writes = 0;
  const ends: (() => void)[] = [];
  const write = (b: Uint8Array) => {
    writes++;
    return s.write(b);
  };
  const endTurn = () => {
    for (const fn of ends.splice(0)) fn();
  };
  const q = createSendQueue(write, {
    softCap: 100_000,
    hardCap: 200_000,
    flushNotice: notice,
    atTurnEnd: (fn) => ends.push(fn),
  });
  return { s, q, endTurn, writes: () => writes };
}

test("with a turn end, the bytes of one turn go out in one write, in order", () => {
  const { s, q, endTurn, writes } = heldSetup(100);
  q.enqueue(Uint8Array.of(1, 2), "text");
  q.enqueue(Uint8Array.of(3), "control");
  q.enqueue(Uint8Array.of(4, 5), "text");
  expect(s.out).toEqual([]);
  endTurn();
  expect(s.out).toEqual([1, 2, 3, 4, 5]);
  expect(writes()).toBe(1);
});

test("held bytes the socket does not take are queued whole and drained first", () => {
  const { s, q, endTurn } = heldSetup(2);
  q.enqueue(Uint8Array.of(1, 2, 3), "text");
  q.enqueue(Uint8Array.of(4), "text");
  endTurn();
  expect(q.queuedBytes).toBe(2);
  q.enqueue(Uint8Array.of(5), "text");
  s.read(10);
  q.drain();
  expect(s.out).toEqual([1, 2, 3, 4, 5]);
});

test("a mark and a drain write the held bytes before anything else", () => {
  const { s, q, endTurn } = heldSetup(100);
  const seen: number[][] = [];
  q.enqueue(Uint8Array.of(1), "text");
  q.mark(() => seen.push([...s.out]));
  q.enqueue(Uint8Array.of(2), "text");
  q.drain();
  expect(seen).toEqual([[1]]);
  expect(s.out).toEqual([1, 2]);
  endTurn();
  expect(s.out).toEqual([1, 2]);
});

test("past the held limit the bytes are written without waiting for the turn's end", () => {
  const { s, q } = heldSetup(100_000);
  q.enqueue(new Uint8Array(maxHeldBytes - 1), "text");
  expect(s.out.length).toBe(0);
  q.enqueue(Uint8Array.of(9), "text");
  expect(s.out.length).toBe(maxHeldBytes);
});
