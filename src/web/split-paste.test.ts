import { expect, test } from "bun:test";
import { splitPaste } from "./split-paste.ts";

test.each([
  ["look", ["look"]],
  ["say hi\r\npose waves\rn\n", ["say hi", "pose waves", "n"]],
  ["\n  \nlook  \n", ["look"]],
  ["   ", []],
  ["  say  indented", ["  say  indented"]],
])("%j is sent as %j", (text, lines) => {
  expect(splitPaste(text)).toEqual(lines);
});
