import { describe, expect, test } from "bun:test";
import { createSessionWatches } from "./session-watches.ts";

const watch = (sessionId: string, connectionId: string) => ({ sessionId, connectionId });

describe("watches by session and connection", () => {
  test("each connection of a session finds its own watch", () => {
    const watches = createSessionWatches<ReturnType<typeof watch>>();
    const a = watch("s1", "c1");
    const b = watch("s1", "c2");
    watches.set(a);
    watches.set(b);
    expect(watches.get("s1", "c1")).toBe(a);
    expect(watches.get("s1", "c2")).toBe(b);
    expect(watches.get("s1", "c3")).toBeUndefined();
    expect(watches.get("s2", "c1")).toBeUndefined();
  });

  test("a new watch of a connection replaces its older one, alone or among others", () => {
    const watches = createSessionWatches<ReturnType<typeof watch>>();
    const old = watch("s1", "c1");
    watches.set(old);
    const next = watch("s1", "c1");
    watches.set(next);
    expect(watches.get("s1", "c1")).toBe(next);
    watches.set(watch("s1", "c2"));
    const last = watch("s1", "c1");
    watches.set(last);
    expect(watches.get("s1", "c1")).toBe(last);
  });

  test("forgetting a watch that was replaced leaves its successor", () => {
    const watches = createSessionWatches<ReturnType<typeof watch>>();
    const old = watch("s1", "c1");
    watches.set(old);
    const next = watch("s1", "c1");
    watches.set(next);
    watches.delete(old);
    expect(watches.get("s1", "c1")).toBe(next);
  });

  test("forgetting watches one by one leaves the others found until none is left", () => {
    const watches = createSessionWatches<ReturnType<typeof watch>>();
    const a = watch("s1", "c1");
    const b = watch("s1", "c2");
    const c = watch("s1", "c3");
    for (const w of [a, b, c]) watches.set(w);
    watches.delete(b);
    expect(watches.get("s1", "c2")).toBeUndefined();
    expect(watches.get("s1", "c3")).toBe(c);
    watches.delete(a);
    expect(watches.get("s1", "c3")).toBe(c);
    watches.delete(c);
    expect(watches.get("s1", "c3")).toBeUndefined();
  });
});
