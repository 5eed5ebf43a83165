import { describe, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { renderEvent } from "#gateway/events/render-event.ts";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { ActorKind, EventSchema } from "#gen/holomush/core/v1/core_pb.ts";
import { createSharedEvent } from "./shared-event.ts";

/** Renderers that count their calls. */
function counting() {
  const calls = { event: 0, markup: 0 };
  return {
    calls,
    renderers: {
      event: (...args: Parameters<typeof renderEvent>) => {
        calls.event++;
        return renderEvent(...args);
      },
      markup: (...args: Parameters<typeof renderMarkup>) => {
        calls.markup++;
        return renderMarkup(...args);
      },
    },
  };
}

const say = create(EventSchema, {
  id: "e1",
  stream: "location:hall",
  type: "say",
  actor: { kind: ActorKind.CHARACTER, id: "alice" },
  payloadJson: JSON.stringify({ name: "Alice", text: "hello" }),
  position: 7n,
});

describe("a shared event", () => {
  test("shown to 500 viewers is rendered once for the speaker and once for everyone else", () => {
    const { calls, renderers } = counting();
    const shared = createSharedEvent(say, renderers);
    const texts = new Set<string | undefined>();
    for (let i = 0; i < 500; i++) texts.add(shared.text({ characterId: `viewer-${i}` }, "none", 80));
    texts.add(shared.text({ characterId: "alice" }, "none", 80));
    expect([...texts]).toEqual([`Alice says, "hello"`, `You say, "hello"`]);
    expect(calls).toEqual({ event: 2, markup: 2 });
  });

  test("each colour depth and width is one more render of the markup, never of the event", () => {
    const { calls, renderers } = counting();
    const shared = createSharedEvent(say, renderers);
    for (const depth of ["none", "16", "none"] as const)
      for (const width of [80, 40, 80]) shared.text({ characterId: "bob" }, depth, width);
    expect(calls).toEqual({ event: 1, markup: 4 });
    expect(shared.view.position).toBe(7);
  });

  test("a channel message's GMCP text is made once per variant and is one shared object", () => {
    const { calls, renderers } = counting();
    const line = create(EventSchema, {
      id: "e2",
      stream: "channel:public",
      type: "channel",
      actor: { kind: ActorKind.CHARACTER, id: "alice" },
      payloadJson: JSON.stringify({ channel: "Public", name: "Alice", text: "hello", kind: "say" }),
      position: 8n,
    });
    const shared = createSharedEvent(line, renderers);
    const first = shared.channelText({ characterId: "bob" });
    expect(first).toEqual({ channel: "Public", talker: "Alice", text: expect.stringContaining("hello") });
    expect(shared.channelText({ characterId: "carol" })).toBe(first);
    expect(shared.channelText({ characterId: "alice" })).not.toBe(first);
    expect(calls.markup).toBe(2);
    expect(createSharedEvent(say).channelText({ characterId: "bob" })).toBeUndefined();
  });
});
