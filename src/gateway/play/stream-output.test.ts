import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { ActorKind, ConnectionItemSchema, EventSchema } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createSharedEvent } from "./shared-event.ts";
import { createStreamOutput, type OutputItem } from "./stream-output.ts";

const alice = "char-alice";
const bob = "char-bob";

/** A connection that records what it was sent, one entry per line. */
function recordingConn(screenReader = false) {
  const lines: string[] = [];
  return {
    lines,
    capabilities: { colorDepth: "none", width: 200, screenReader } as const,
    send: (text: string) => void lines.push(text),
    sendMarkup: (markup: string) => void lines.push(markup),
    sendGmcp: (pkg: string) => {
      lines.push(`GMCP ${pkg}`);
      return true;
    },
  };
}

const start = (count: number, skipped = 0, presence = 0): OutputItem =>
  create(ConnectionItemSchema, {
    item: {
      case: "replayStart",
      value: { count: BigInt(count), skipped: BigInt(skipped), presence: BigInt(presence) },
    },
  }).item;
const end = (lastPosition: number): OutputItem =>
  create(ConnectionItemSchema, {
    item: { case: "replayEnd", value: { lastPosition: BigInt(lastPosition) } },
  }).item;
const event = (
  position: number,
  type: string,
  actor: string,
  payload: Record<string, string>,
): OutputItem => ({
  case: "event",
  value: createSharedEvent(
    create(EventSchema, {
      id: `ev-${position}`,
      stream: "location:hall",
      type,
      actor: { kind: ActorKind.CHARACTER, id: actor },
      payloadJson: JSON.stringify(payload),
      position: BigInt(position),
    }),
  ),
});

describe("replay framing counts what the player sees", () => {
  test("a new session's first replay is its arrival, shown with no frame; a later one is framed", () => {
    const conn = recordingConn();
    const out = createStreamOutput(conn, { characterId: alice }, { arriving: true });
    for (const item of [start(1), event(1, "say", bob, { name: "Bob", text: "hi" }), end(1)]) out.show(item);
    expect(conn.lines).toEqual(['Bob says, "hi"']);
    for (const item of [start(1), event(2, "say", bob, { name: "Bob", text: "again" }), end(2)])
      out.show(item);
    expect(conn.lines.slice(1)).toEqual([
      "--- 1 missed event ---",
      'Bob says, "again"',
      "--- end of missed events ---",
    ]);
  });

  test("a replay of only the player's own connect shows no frame at all", () => {
    const conn = recordingConn();
    const out = createStreamOutput(conn, { characterId: alice });
    for (const item of [start(1), event(1, "connect", alice, { name: "Alice" }), end(1)]) out.show(item);
    expect(conn.lines).toEqual([]);
    expect(out.live).toBe(true);
    expect(out.cursor).toBe(1);
  });

  test("events that render to nothing are left out of the count", () => {
    const conn = recordingConn();
    const out = createStreamOutput(conn, { characterId: alice });
    const items = [
      start(3),
      event(4, "connect", alice, { name: "Alice" }),
      event(5, "say", bob, { name: "Bob", text: "hi" }),
      event(6, "pose", bob, { name: "Bob", text: "waves." }),
      end(6),
    ];
    for (const item of items) out.show(item);
    expect(conn.lines).toEqual([
      "--- 2 missed events ---",
      `Bob says, "hi"`,
      "Bob waves.",
      "--- end of missed events ---",
    ]);
  });

  test("skipped older events are still reported when nothing replayed is visible", () => {
    const conn = recordingConn();
    const out = createStreamOutput(conn, { characterId: alice });
    for (const item of [start(1, 4), event(9, "connect", alice, {}), end(9)]) out.show(item);
    expect(conn.lines).toEqual(["(4 older events were skipped.)"]);
  });

  test("arrivals and departures the core left out of a replay are summed up in one line", () => {
    const conn = recordingConn();
    const out = createStreamOutput(conn, { characterId: alice });
    for (const item of [start(0, 0, 312), end(9)]) out.show(item);
    expect(conn.lines).toEqual(["(312 arrivals and departures while you were away are not shown.)"]);
  });

  test("a screen reader gets the replay's frame as sentences, without separator dashes", () => {
    const conn = recordingConn(true);
    const out = createStreamOutput(conn, { characterId: alice });
    for (const item of [start(1), event(5, "say", bob, { name: "Bob", text: "hi" }), end(5)]) out.show(item);
    expect(conn.lines).toEqual(["1 missed event:", 'Bob says, "hi"', "End of missed events."]);
  });

  test("a watch that breaks mid-replay shows nothing and replays from the old cursor", () => {
    const conn = recordingConn();
    const out = createStreamOutput(conn, { characterId: alice });
    out.show(start(2));
    out.show(event(1, "say", bob, { name: "Bob", text: "one" }));
    out.restart();
    expect(out.cursor).toBe(0);
    for (const item of [
      start(2),
      event(1, "say", bob, { name: "Bob", text: "one" }),
      event(2, "say", bob, { name: "Bob", text: "two" }),
      end(2),
    ])
      out.show(item);
    expect(conn.lines).toEqual([
      "--- 2 missed events ---",
      `Bob says, "one"`,
      `Bob says, "two"`,
      "--- end of missed events ---",
    ]);
  });

  test("live events after the replay are shown at once and duplicates are dropped", () => {
    const conn = recordingConn();
    const out = createStreamOutput(conn, { characterId: alice });
    for (const item of [
      start(0),
      end(3),
      event(3, "say", bob, { name: "Bob", text: "old" }),
      event(4, "say", bob, { name: "Bob", text: "new" }),
    ])
      out.show(item);
    expect(conn.lines).toEqual([`Bob says, "new"`]);
    expect(out.cursor).toBe(4);
  });

  test("after a new watch begins, live events of the old one are dropped until its replay starts", () => {
    const conn = recordingConn();
    const delivered: number[] = [];
    const out = createStreamOutput(conn, { characterId: alice }, { delivered: (p) => delivered.push(p) });
    for (const item of [start(0), end(0), event(1, "say", bob, { name: "Bob", text: "one" })]) out.show(item);
    out.restart();
    for (const item of [
      event(2, "say", bob, { name: "Bob", text: "two" }),
      start(1),
      event(2, "say", bob, { name: "Bob", text: "two" }),
      end(2),
      event(3, "say", bob, { name: "Bob", text: "three" }),
    ])
      out.show(item);
    expect(conn.lines).toEqual([
      `Bob says, "one"`,
      "--- 1 missed event ---",
      `Bob says, "two"`,
      "--- end of missed events ---",
      `Bob says, "three"`,
    ]);
    expect(delivered).toEqual([1, 2, 3]);
  });
});

describe("an event the schema refuses", () => {
  test("is logged and shown as nothing, the cursor moves past it and the stream goes on", () => {
    const conn = recordingConn();
    const { logger, lines } = collectingLogger();
    const out = createStreamOutput(conn, { characterId: alice }, { log: logger });
    for (const item of [
      start(0),
      end(0),
      event(1, "say", bob, { name: "Bob" }),
      event(2, "say", bob, { name: "Bob", text: "still here" }),
    ])
      out.show(item);
    expect(conn.lines).toEqual([`Bob says, "still here"`]);
    expect(out.cursor).toBe(2);
    expect(lines()).toContainEqual(
      expect.objectContaining({
        type: "say",
        position: 1,
        error: 'The payload of a "say" event is malformed: payload.text is missing.',
      }),
    );
  });
});

describe("replay timestamps", () => {
  const at = Date.UTC(2026, 11, 2, 14, 5);
  const stampedItems = (timestamps: boolean): OutputItem[] => [
    create(ConnectionItemSchema, {
      item: { case: "replayStart", value: { count: 1n, timestamps } },
    }).item,
    {
      case: "event",
      value: createSharedEvent(
        create(EventSchema, {
          id: "ev-1",
          stream: "location:hall",
          type: "say",
          actor: { kind: ActorKind.CHARACTER, id: bob },
          payloadJson: JSON.stringify({ name: "Bob", text: "hi" }),
          position: 1n,
          timestamp: timestampFromMs(at),
        }),
      ),
    },
    end(1),
  ];

  test.each([
    [true, '[14:05] Bob says, "hi"'],
    [false, 'Bob says, "hi"'],
  ])(
    "a replay the core marks stamped (%p) shows each line's UTC time before it on telnet",
    (timestamps, line) => {
      const conn = recordingConn();
      const out = createStreamOutput(conn, { characterId: alice });
      for (const item of stampedItems(timestamps)) out.show(item);
      expect(conn.lines).toEqual(["--- 1 missed event ---", line, "--- end of missed events ---"]);
    },
  );

  test("a structured client gets each replayed event's time, and the stamped mark when the core set it", () => {
    const events: unknown[] = [];
    const conn = {
      ...recordingConn(),
      structured: {
        missed: () => {},
        missedEnd: () => {},
        event: (e: unknown) => void events.push(e),
      },
    };
    const out = createStreamOutput(conn as never, { characterId: alice });
    for (const item of stampedItems(true)) out.show(item);
    expect(events).toEqual([expect.objectContaining({ position: 1, time: at, stamped: true })]);
  });
});
