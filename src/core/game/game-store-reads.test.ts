import { expect, test } from "bun:test";
import { memoryStores } from "#core/store/memory-stores.ts";
import { enter, startTestGame, typist } from "./test-support/game-harness.ts";

/** `target` with each call counted by method name. */
function counted<T extends object>(target: T): { store: T; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const store = Object.fromEntries(
    Object.entries(target).map(([name, fn]) => [
      name,
      typeof fn === "function"
        ? (...args: unknown[]) => {
            calls[name] = (calls[name] ?? 0) + 1;
            return (fn as (...a: unknown[]) => unknown)(...args);
          }
        : fn,
    ]),
  ) as T;
  return { store, calls };
}

test("look, who, channel who and say read nothing from the session and account stores, and write only their command records", async () => {
  const base = memoryStores();
  const sessions = counted(base.sessions);
  const accounts = counted(base.accounts);
  await using t = await startTestGame({ ...base, sessions: sessions.store, accounts: accounts.store });
  const alice = await enter(t.client, "Alice", "a1");
  await enter(t.client, "Bob", "b1");
  const aliceTypes = typist(t.client, alice.sessionId, "a1");
  for (const key of Object.keys(sessions.calls)) delete sessions.calls[key];
  for (const key of Object.keys(accounts.calls)) delete accounts.calls[key];
  for (const line of ["look", "who", "channel who public", "say Hello!"]) await aliceTypes(line);
  expect(sessions.calls).toEqual({ completeCommand: 4 });
  expect(accounts.calls).toEqual({});
});
