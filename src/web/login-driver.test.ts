import { expect, test } from "bun:test";
import { createLoginDriver, notConnected } from "./login-driver.ts";

test("log in sends connect with the name, then the password at the password prompt", () => {
  const sent: string[] = [];
  const driver = createLoginDriver((line) => sent.push(line) > 0);
  expect(driver.start({ mode: "connect", name: " Alice ", password: "pw one" })).toBeUndefined();
  expect(driver.prompt(true)).toBe(true);
  expect(driver.prompt(true)).toBe(false);
  expect(sent).toEqual(["connect Alice", "pw one"]);
});

test("create account answers both password prompts, and a mismatch sends nothing", () => {
  const sent: string[] = [];
  const driver = createLoginDriver((line) => sent.push(line) > 0);
  expect(driver.start({ mode: "register", name: "Bob", password: "a", again: "b" })).toBe(
    "The passwords do not match.",
  );
  expect(sent).toEqual([]);
  driver.start({ mode: "register", name: "Bob", password: "a", again: "a" });
  driver.prompt(true);
  driver.prompt(true);
  expect(sent).toEqual(["register Bob", "a", "a"]);
});

test.each([
  [{ mode: "connect", name: "", password: "x" }, "Type a name."],
  [{ mode: "connect", name: "Carol Smith", password: "x" }, "A name is one word."],
  [{ mode: "connect", name: "Carol", password: "" }, "Type a password."],
] as const)("%j is refused in the browser: %s", (request, problem) => {
  const sent: string[] = [];
  expect(createLoginDriver((line) => sent.push(line) > 0).start(request)).toBe(problem);
  expect(sent).toEqual([]);
});

test("a prompt that is not for a password ends the form's turn and forgets its passwords", () => {
  const sent: string[] = [];
  const driver = createLoginDriver((line) => sent.push(line) > 0);
  driver.start({ mode: "connect", name: "Alice", password: "secret" });
  expect(driver.prompt(false)).toBe(false);
  expect(driver.prompt(true)).toBe(false);
  expect(sent).toEqual(["connect Alice"]);
});

test("a form sent while the link is down is refused aloud and keeps no password for a later prompt", () => {
  const sent: string[] = [];
  let up = false;
  const driver = createLoginDriver((line) => up && sent.push(line) > 0);
  expect(driver.start({ mode: "register", name: "Dora", password: "a", again: "a" })).toBe(notConnected);
  up = true;
  expect(driver.prompt(true)).toBe(false);
  expect(sent).toEqual([]);
});
