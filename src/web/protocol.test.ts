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
  [
    '{"type":"sceneRefused","text":"There is no scene 9."}',
    { type: "sceneRefused", text: "There is no scene 9." },
  ],
  ['{"type":"scenes","scenes":[]}', { type: "scenes", scenes: [] }],
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
  '{"type":"scenes","scenes":[{"id":1}]}',
  '{"type":"sceneLog","scene":{"id":1},"page":1,"pages":1,"firstLine":1,"lines":[]}',
])("%s is refused", (data) => {
  expect(parseServerFrame(data)).toBeUndefined();
});
