import { describe, expect, test } from "bun:test";
import { createMemorySessionStore } from "./memory-session-store.ts";
import { createSessionCounts } from "./session-counts.ts";
import type { SessionStore } from "./session-store.ts";

/** A store whose count() is counted and held until the test lets it go. */
function heldList(store: SessionStore) {
  const gates: PromiseWithResolvers<void>[] = [];
  const counted: SessionStore = {
    ...store,
    async count() {
      const gate = Promise.withResolvers<void>();
      gates.push(gate);
      await gate.promise;
      return store.count();
    },
  };
  return { store: counted, lists: () => gates.length, release: () => gates.at(-1)?.resolve() };
}

const session = (id: string, connections: string[]) => ({
  id,
  characterId: `C${id}`,
  createdAt: 0,
  detachedAt: undefined,
  tokenHash: `t${id}`,
  cursors: {},
  connections,
});

describe("createSessionCounts", () => {
  test("refreshes asked for during a recount share one next recount, which sees every change before them", async () => {
    const memory = createMemorySessionStore();
    const held = heldList(memory);
    const counts = createSessionCounts(held.store);
    const first = counts.refresh();
    await memory.create(session("S1", ["c1"]));
    const later = Array.from({ length: 20 }, () => counts.refresh());
    held.release();
    await first;
    while (held.lists() < 2) await new Promise((r) => setImmediate(r));
    held.release();
    await Promise.all(later);
    expect(held.lists()).toBe(2);
    expect(counts.current()).toEqual({ sessions: 1, connections: 1 });
  });
});
