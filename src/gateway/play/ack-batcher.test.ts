import { describe, expect, test } from "bun:test";
import type { AcknowledgeRequest } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { ackIntervalMs, createAckBatcher } from "./ack-batcher.ts";

/** A batcher over a client that records each Acknowledge as [connection, position] pairs. */
function batcher() {
  const timers = manualTimers(manualClock());
  const sent: [string, number][][] = [];
  const acks = createAckBatcher({
    client: {
      acknowledge: async (req: Partial<AcknowledgeRequest>) => {
        sent.push((req.delivered ?? []).map((d) => [d.connectionId, Number(d.position)]));
        return {} as never;
      },
    } as never,
    timers,
    log: collectingLogger().logger,
  });
  return { acks, timers, sent };
}

describe("the ack batcher", () => {
  test("a position taken to ride on a command is not reported again, and nothing is taken twice", async () => {
    const { acks, timers, sent } = batcher();
    acks.received("c1", "s1", 3);
    acks.received("c2", "s2", 4);
    expect(acks.take("c1")).toBe(3);
    expect(acks.take("c1")).toBeUndefined();
    timers.advance(ackIntervalMs);
    await Promise.resolve();
    expect(sent).toEqual([[["c2", 4]]]);
  });

  test("positions received within one interval go in one Acknowledge, each connection's last one", async () => {
    const { acks, timers, sent } = batcher();
    acks.received("c1", "s1", 3);
    acks.received("c2", "s2", 4);
    acks.received("c1", "s1", 5);
    expect(sent).toEqual([]);
    timers.advance(ackIntervalMs);
    await Promise.resolve();
    expect(sent).toEqual([
      [
        ["c1", 5],
        ["c2", 4],
      ],
    ]);
  });

  test("only entries that moved since the last report are sent, and nothing is sent when none moved", async () => {
    const { acks, timers, sent } = batcher();
    acks.received("c1", "s1", 3);
    acks.received("c2", "s2", 3);
    timers.advance(ackIntervalMs);
    acks.received("c2", "s2", 7);
    acks.received("c1", "s1", 2);
    timers.advance(ackIntervalMs);
    timers.advance(ackIntervalMs);
    await Promise.resolve();
    expect(sent).toEqual([
      [
        ["c1", 3],
        ["c2", 3],
      ],
      [["c2", 7]],
    ]);
    expect(timers.pending()).toEqual([]);
  });

  test("flushing one connection sends its entry at once and leaves the others for the timer", async () => {
    const { acks, timers, sent } = batcher();
    acks.received("c1", "s1", 3);
    acks.received("c2", "s2", 4);
    await acks.flush("c1");
    await acks.flush("c1");
    expect(sent).toEqual([[["c1", 3]]]);
    timers.advance(ackIntervalMs);
    expect(sent).toEqual([[["c1", 3]], [["c2", 4]]]);
  });

  test("a forgotten connection reports its last position and is never sent", () => {
    const { acks, timers, sent } = batcher();
    acks.received("c1", "s1", 9);
    expect(acks.forget("c1")).toBe(9);
    timers.advance(ackIntervalMs);
    expect(sent).toEqual([]);
    expect(acks.forget("c1")).toBeUndefined();
  });
});
