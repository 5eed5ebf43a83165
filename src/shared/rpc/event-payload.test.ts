import { expect, test } from "bun:test";
import { eventPayload } from "./event-payload.ts";

test("an event's payload is the object its JSON text holds", () => {
  const payload = { name: "Alice", text: "hi", to: ["C1", "C2"], count: 2.5, last: true };
  expect(eventPayload({ payloadJson: JSON.stringify(payload) })).toEqual(payload);
});

test.each([
  ["no event", undefined],
  ["empty text", { payloadJson: "" }],
  ["text that is not JSON", { payloadJson: "{name:" }],
  ["JSON that is not an object", { payloadJson: "[1,2]" }],
  ["JSON null", { payloadJson: "null" }],
  ["a JSON string", { payloadJson: '"hi"' }],
])("%s gives an empty payload, which the event schema then reports as malformed", (_label, event) => {
  expect(eventPayload(event)).toEqual({});
});
