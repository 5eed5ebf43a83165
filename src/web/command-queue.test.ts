import { describe, expect, test } from "bun:test";
import { createCommandQueue } from "./command-queue.ts";
import { memoryPendingStore, type PendingStore } from "./pending-store.ts";

function harness(store: PendingStore = memoryPendingStore()) {
  const sent: [number, string][] = [];
  let open = true;
  const queue = createCommandQueue({
    store,
    send: (seq, text) => open && sent.push([seq, text]) > 0,
    changed: () => undefined,
  });
  return {
    queue,
    store,
    sent,
    setOpen(on: boolean) {
      open = on;
    },
  };
}

describe("the command queue", () => {
  test("a command is stored before it is sent, and forgotten on done", async () => {
    const store = memoryPendingStore();
    const { queue, sent } = harness({
      ...store,
      put: async (c) => {
        expect(sent.some(([seq]) => seq === c.seq)).toBe(false);
        await store.put(c);
      },
    });
    await queue.connected("c1");
    await queue.playing(true);
    await queue.enqueue("look");
    expect(sent).toEqual([[1, "look"]]);
    expect(await store.all()).toEqual([{ client: "c1", seq: 1, text: "look", sent: true }]);
    await queue.done(1);
    expect(await store.all()).toEqual([]);
    expect(queue.items()).toEqual([]);
  });

  test("while the link is down commands queue, and go out in order with their seq after a resume", async () => {
    const h = harness();
    await h.queue.connected("c1");
    await h.queue.playing(true);
    await h.queue.enqueue("say one");
    h.setOpen(false);
    h.queue.disconnected();
    await h.queue.enqueue("say two");
    await h.queue.enqueue("say three");
    expect(h.queue.items().map((i) => [i.seq, i.state, i.cancellable])).toEqual([
      [1, "queued", false],
      [2, "queued", true],
      [3, "queued", true],
    ]);
    h.setOpen(true);
    await h.queue.connected("c1");
    expect(h.sent).toEqual([
      [1, "say one"],
      [1, "say one"],
      [2, "say two"],
      [3, "say three"],
    ]);
  });

  test("a busy command is kept, nothing overtakes it, and it is sent again after the next done", async () => {
    const h = harness();
    await h.queue.connected("c1");
    await h.queue.playing(true);
    await h.queue.enqueue("a");
    await h.queue.enqueue("b");
    h.queue.busy(2);
    await h.queue.enqueue("c");
    expect(h.sent.map(([seq]) => seq)).toEqual([1, 2]);
    await h.queue.done(1);
    expect(h.sent.map(([seq]) => seq)).toEqual([1, 2, 2, 3]);
  });

  test("a cancelled command is never sent; one that may have been sent cannot be cancelled", async () => {
    const h = harness();
    await h.queue.connected("c1");
    await h.queue.playing(true);
    await h.queue.enqueue("sent");
    await h.queue.playing(false);
    await h.queue.enqueue("typed offline");
    expect(await h.queue.cancel(1)).toBe(false);
    expect(await h.queue.cancel(2)).toBe(true);
    await h.queue.playing(true);
    expect(h.sent).toEqual([[1, "sent"]]);
    expect(await h.store.all()).toEqual([{ client: "c1", seq: 1, text: "sent", sent: true }]);
  });

  test("after a failed resume, pending commands are renumbered under the new client and sent once in play", async () => {
    const store = memoryPendingStore();
    const before = harness(store);
    await before.queue.connected("old");
    await before.queue.enqueue("one");
    await before.queue.enqueue("two");
    const reloaded = harness(store);
    await reloaded.queue.restore();
    expect(await reloaded.queue.connected("new")).toBe(2);
    expect(reloaded.sent).toEqual([]);
    await reloaded.queue.playing(true);
    expect(reloaded.sent).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    expect((await store.all()).map((c) => `${c.client}:${c.seq}`)).toEqual(["new:1", "new:2"]);
  });

  test("seqs never repeat for a client, even after done", async () => {
    const h = harness();
    await h.queue.connected("c1");
    await h.queue.playing(true);
    await h.queue.enqueue("a");
    await h.queue.done(1);
    await h.queue.enqueue("b");
    expect(h.sent).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
  });
});
