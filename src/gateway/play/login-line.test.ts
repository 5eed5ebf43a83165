import { expect, test } from "bun:test";
import { parseLoginLine } from "./login-line.ts";

test.each([
  ["", { kind: "empty" }],
  ["  QUIT ", { kind: "quit" }],
  ["help", { kind: "help" }],
  ["connect", { kind: "login", verb: "connect" }],
  ["connect Alice", { kind: "login", verb: "connect", name: "Alice" }],
  ["connect Alice s3cret pass", { kind: "login", verb: "connect", name: "Alice", password: "s3cret pass" }],
  ["REGISTER Bob hunter22", { kind: "login", verb: "register", name: "Bob", password: "hunter22" }],
  ["co Alice pw", { kind: "login", verb: "connect", name: "Alice", password: "pw" }],
  ["register Carol Smith longpassword", { kind: "registerUsage" }],
  ["say hi", { kind: "unknown" }],
  ["toString", { kind: "unknown" }],
])("%p is read as %p", (line, expected) => {
  expect(parseLoginLine(line)).toEqual(expected as ReturnType<typeof parseLoginLine>);
});
