import { describe, expect, test } from "bun:test";
import { type EventPayloads, eventSchema, isKnownEventType, validatePayload } from "./event-schema.ts";

describe("the event schema", () => {
  test("a well-formed payload of a known type passes and comes back typed", () => {
    const result = validatePayload("say", { name: "Alice", text: "Hello!" });
    expect(result).toEqual({ ok: true, payload: { name: "Alice", text: "Hello!" } });
    if (result.ok) {
      const typed: EventPayloads["say"] = result.payload;
      expect(typed.text).toBe("Hello!");
    }
  });

  test.each([
    ["say", { name: "Alice" }, 'The payload of a "say" event is malformed: payload.text is missing.'],
    [
      "say",
      { name: 42, text: "hi" },
      'The payload of a "say" event is malformed: payload.name not a string.',
    ],
    [
      "look",
      {
        location: { id: "l1", name: "Hall" },
        description: "",
        exits: [{ name: "north", aliases: [], to: 3 }],
        present: [],
        contents: [],
      },
      'The payload of a "look" event is malformed: payload.exits[0].to not a string.',
    ],
    [
      "look_at",
      { kind: "planet", name: "Mars", description: "" },
      'The payload of a "look_at" event is malformed: payload.kind not one of character, exit, object.',
    ],
    [
      "boot",
      { target: "Bob", connections: -1 },
      'The payload of a "boot" event is malformed: payload.connections not a whole number from 0 up.',
    ],
    ["pose", [], 'The payload of a "pose" event is malformed: payload not an object.'],
    ["dice.roll", "4", 'The payload of a "dice.roll" event is malformed: payload not an object.'],
  ])("a %s payload %p is refused: %s", (type, payload, error) => {
    expect(validatePayload(type, payload)).toEqual({ ok: false, error });
  });

  test("a field the schema does not name is refused from a writer and passed over by a reader", () => {
    const payload = { name: "Alice", text: "hi", message: "Alice hi" };
    expect(validatePayload("say", payload)).toEqual({
      ok: false,
      error: 'The payload of a "say" event is malformed: payload.message is not expected.',
    });
    expect(validatePayload("say", payload, "ignore")).toEqual({ ok: true, payload });
  });

  test("a type the schema does not define is a plugin's own: any JSON object passes", () => {
    expect(validatePayload("dice.roll", { value: 4 })).toEqual({ ok: true, payload: { value: 4 } });
    expect(isKnownEventType("dice.roll")).toBe(false);
    expect(isKnownEventType("toString")).toBe(false);
    expect(isKnownEventType("say")).toBe(true);
  });

  test("every type has a description and at least one stream", () => {
    for (const [type, spec] of Object.entries(eventSchema)) {
      expect({ type, described: spec.description.length > 0, streams: spec.streams.length > 0 }).toEqual({
        type,
        described: true,
        streams: true,
      });
    }
  });
});
