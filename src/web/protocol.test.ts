import { expect, test } from "bun:test";
import { parseServerFrame } from "./protocol.ts";

test.each([
  ['{"type":"done","seq":3}', { type: "done", seq: 3 }],
  ['{"type":"missedEnd"}', { type: "missedEnd" }],
  [
    '{"type":"event","position":7,"eventType":"say","stream":"location:1","markup":"hi"}',
    { type: "event", position: 7, eventType: "say", stream: "location:1", markup: "hi" },
  ],
  [
    '{"type":"state","state":"playing","character":{"id":"c","name":"Alice"}}',
    { type: "state", state: "playing", character: { id: "c", name: "Alice" } },
  ],
])("%s is read as a frame", (data, frame) => {
  expect(parseServerFrame(data)).toEqual(frame as never);
});

test.each([
  "not json",
  "[]",
  '{"type":"done"}',
  '{"type":"done","seq":"3"}',
  '{"type":"state","state":"dancing"}',
  '{"type":"characters","characters":[1]}',
  '{"type":"toString"}',
  '{"type":"event","position":1,"eventType":"x","stream":"s","payload":[]}',
])("%s is refused", (data) => {
  expect(parseServerFrame(data)).toBeUndefined();
});
