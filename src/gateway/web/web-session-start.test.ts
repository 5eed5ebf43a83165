import { expect, test } from "bun:test";
import { createClientIds } from "./web-session-start.ts";

test("an id held by an open socket is refused; one still leaving its session is taken once it has left", async () => {
  const ids = createClientIds();
  expect(await ids.claim("c1")).toBe(true);
  expect(await ids.claim("c1")).toBe(false);
  const left = Promise.withResolvers<void>();
  ids.release("c1", left.promise);
  let taken: boolean | undefined;
  const claiming = ids.claim("c1").then((ok) => {
    taken = ok;
  });
  await Promise.resolve();
  expect(taken).toBeUndefined();
  left.resolve();
  await claiming;
  expect(taken).toBe(true);
});

test("two sockets waiting for the same leaving id: the first takes it, the second is refused", async () => {
  const ids = createClientIds();
  await ids.claim("c1");
  const left = Promise.withResolvers<void>();
  ids.release("c1", left.promise);
  const first = ids.claim("c1");
  const second = ids.claim("c1");
  left.reject(new Error("the Disconnect failed"));
  expect(await Promise.all([first, second])).toEqual([true, false]);
});
