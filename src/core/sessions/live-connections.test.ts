import { describe, expect, test } from "bun:test";
import type { ConnectionEnd } from "./feed-queue.ts";
import { createLiveConnections, type LiveConnections, type LiveOutput } from "./live-connections.ts";

/** An output that stops itself when closed, as a watch does, and notes the final item it was given. */
function output(live: LiveConnections, sessionId: string, connectionId: string) {
  const closed: (ConnectionEnd | undefined)[] = [];
  const o: LiveOutput & { closed: typeof closed } = {
    sessionId,
    connectionId,
    closed,
    close(final) {
      closed.push(final);
      live.stop(o);
    },
  };
  live.start(o);
  return o;
}

describe("the live outputs", () => {
  test("ending a connection closes its outputs only, each once, with the final item", () => {
    const live = createLiveConnections();
    const a = output(live, "s1", "c1");
    const b = output(live, "s1", "c1");
    const c = output(live, "s1", "c2");
    const d = output(live, "s2", "c1");
    const final: ConnectionEnd = { kind: "closed", text: "Bye." };
    live.end("s1", "c1", final);
    expect(a.closed).toEqual([final]);
    expect(b.closed).toEqual([final]);
    expect(c.closed).toEqual([]);
    expect(d.closed).toEqual([]);
    expect(live.size).toBe(2);
    live.end("s1", "c1");
    expect(a.closed).toEqual([final]);
  });

  test("a session has outputs until its last one stops, and stopping twice counts once", () => {
    const live = createLiveConnections();
    const a = output(live, "s1", "c1");
    const b = output(live, "s1", "c2");
    live.start(a);
    expect(live.size).toBe(2);
    live.stop(a);
    live.stop(a);
    expect(live.has("s1")).toBe(true);
    expect(live.size).toBe(1);
    live.stop(b);
    expect(live.has("s1")).toBe(false);
    expect(live.size).toBe(0);
  });

  test("each connection of a session finds its own output, and none once it stopped", () => {
    const live = createLiveConnections();
    const a = output(live, "s1", "c1");
    const b = output(live, "s1", "c2");
    const c = output(live, "s1", "c3");
    expect(live.output("s1", "c2")).toBe(b);
    expect(live.output("s1", "c4")).toBeUndefined();
    expect(live.output("s2", "c1")).toBeUndefined();
    live.stop(b);
    expect(live.output("s1", "c2")).toBeUndefined();
    live.stop(a);
    expect(live.output("s1", "c3")).toBe(c);
    live.stop(c);
    expect(live.output("s1", "c3")).toBeUndefined();
  });

  test("ending all closes every output", () => {
    const live = createLiveConnections();
    const outputs = [output(live, "s1", "c1"), output(live, "s1", "c2"), output(live, "s2", "c3")];
    live.endAll();
    expect(outputs.map((o) => o.closed.length)).toEqual([1, 1, 1]);
    expect(live.size).toBe(0);
  });
});
