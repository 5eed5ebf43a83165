import { describe, expect, test } from "bun:test";
import { commandSeed } from "#core/events/command-ids.ts";
import type { CommandContext } from "./command-runner.ts";
import { createLineCheck, type LineCheck } from "./line-check.ts";
import { createMemorySessionStore } from "./memory-session-store.ts";
import type { CommandResult, SessionStore } from "./session-store.ts";
import { startTestSessionManager, testCharacter } from "./test-support/test-session-manager.ts";

const alice = testCharacter("CA", "Alice");
const bob = testCharacter("CB", "Bob");

async function setup(wrap: (store: SessionStore) => SessionStore = (s) => s, lineCheck?: LineCheck) {
  const { sessions, logs } = await startTestSessionManager([alice, bob], {
    store: wrap(createMemorySessionStore()),
    ...(lineCheck ? { lineCheck } : {}),
  });
  const a = await sessions.attach(alice, "a1");
  const b = await sessions.attach(bob, "b1");
  return { sessions, alice: a.session.id, bob: b.session.id, logs };
}

const said = (text: string): CommandResult => ({ output: [text], lastPosition: 0, detach: false });

/** A command that runs until released, recording what it was run with. */
function gated(text: string) {
  const gate = Promise.withResolvers<void>();
  const started = Promise.withResolvers<CommandContext>();
  const runs: CommandContext[] = [];
  const run = async (context: CommandContext) => {
    runs.push(context);
    started.resolve(context);
    await gate.promise;
    return said(text);
  };
  return { run, runs, started: started.promise, release: () => gate.resolve() };
}

test("a retry that arrives while its command runs waits for it and gets its result as a duplicate", async () => {
  const { sessions, alice } = await setup();
  const key = { sessionId: alice, connectionId: "a1", sequence: 1 };
  const first = gated("first");
  const running = sessions.runCommand(key, first.run);
  await first.started;
  const retry = sessions.runCommand(key, async () => said("second"));
  first.release();
  expect(await running).toEqual({ ...said("first"), duplicate: false });
  expect(await retry).toEqual({ ...said("first"), duplicate: true });
  expect(first.runs).toHaveLength(1);
});

test("a session's commands run one at a time, in arrival order, while other sessions go on", async () => {
  const { sessions, alice, bob } = await setup();
  const order: string[] = [];
  const slow = gated("one");
  const one = sessions.runCommand({ sessionId: alice, connectionId: "a1", sequence: 1 }, async (c) => {
    order.push("one started");
    const result = await slow.run(c);
    order.push("one done");
    return result;
  });
  await slow.started;
  const two = sessions.runCommand({ sessionId: alice, connectionId: "a1", sequence: 2 }, async () => {
    order.push("two started");
    return said("two");
  });
  const other = await sessions.runCommand({ sessionId: bob, connectionId: "b1", sequence: 1 }, async () => {
    order.push("bob ran");
    return said("bob");
  });
  expect(other.output).toEqual(["bob"]);
  slow.release();
  await Promise.all([one, two]);
  expect(order).toEqual(["one started", "bob ran", "one done", "two started"]);
});

test("a command whose outcome was not recorded runs again with the seed its key gives", async () => {
  let failures = 1;
  const { sessions, alice } = await setup((store) => ({
    ...store,
    async completeCommand(...args) {
      if (failures-- > 0) throw new Error("the core died before recording the command");
      return store.completeCommand(...args);
    },
  }));
  const key = { sessionId: alice, connectionId: "a1", sequence: 7 };
  const seeds: string[] = [];
  const run = async (c: CommandContext) => {
    seeds.push(c.idSeed);
    return said("hi");
  };
  await expect(sessions.runCommand(key, run)).rejects.toThrow("the core died");
  expect(await sessions.runCommand(key, run)).toEqual({ ...said("hi"), duplicate: false });
  expect(await sessions.runCommand(key, run)).toEqual({ ...said("hi"), duplicate: true });
  expect(seeds).toEqual([commandSeed(alice, "a1", 7), commandSeed(alice, "a1", 7)]);
});

test("a command begun by an older core runs again with the seed that core recorded", async () => {
  // The older core created the session; only then can the store hold records this core did not write.
  const store = createMemorySessionStore();
  await setup(() => store);
  const { sessions, alice } = await setup(() => ({
    ...store,
    findCommand: async (key) => (await store.findCommand(key)) ?? { idSeed: "OLDSEED", result: undefined },
  }));
  const seeds: string[] = [];
  await sessions.runCommand({ sessionId: alice, connectionId: "a1", sequence: 1 }, async (c) => {
    seeds.push(c.idSeed);
    return said("hi");
  });
  expect(seeds).toEqual(["OLDSEED"]);
});

test("a command on a connection that is not attached is refused before it runs", async () => {
  const { sessions, alice } = await setup();
  let ran = false;
  const refused = sessions.runCommand({ sessionId: alice, connectionId: "zz", sequence: 1 }, async () => {
    ran = true;
    return said("no");
  });
  await expect(refused).rejects.toMatchObject({ code: "unauthenticated" });
  expect(ran).toBe(false);
});

describe("a key that comes back with a line", () => {
  const key = { sessionId: "", connectionId: "a1", sequence: 1 };

  test("the same line again is a retry, answered from the record as a duplicate", async () => {
    const { sessions, alice } = await setup();
    const k = { ...key, sessionId: alice };
    expect(await sessions.runCommand(k, async () => said("hi"), "say hi")).toEqual({
      ...said("hi"),
      duplicate: false,
    });
    expect(await sessions.runCommand(k, async () => said("again"), "say hi")).toEqual({
      ...said("hi"),
      duplicate: true,
    });
  });

  test("another line on a used key is refused and logged, never answered with the old reply", async () => {
    const { sessions, alice, logs } = await setup();
    const k = { ...key, sessionId: alice };
    await sessions.runCommand(k, async () => said("You leave Alyssa and take up Alice."), "play Alice");
    let ran = false;
    const reused = sessions.runCommand(
      k,
      async () => {
        ran = true;
        return said("B1");
      },
      "say B1",
    );
    await expect(reused).rejects.toMatchObject({ code: "failed_precondition" });
    expect(ran).toBe(false);
    const warned = logs().filter((l) => String(l.msg).includes("reuses its key for another line"));
    expect(warned).toHaveLength(1);
    // The line itself (it may hold a password) is in no log.
    expect(JSON.stringify(logs())).not.toContain("say B1");
  });

  test("a record checked under another process's key, or under none, is answered as before", async () => {
    const store = createMemorySessionStore();
    const first = await setup(() => store, createLineCheck(new Uint8Array(32).fill(1)));
    const k = { ...key, sessionId: first.alice };
    await first.sessions.runCommand(k, async () => said("one"), "say one");
    const later = await setup(() => store, createLineCheck(new Uint8Array(32).fill(2)));
    const retry = await later.sessions.runCommand(
      { ...k, sessionId: first.alice },
      async () => said("x"),
      "other",
    );
    expect(retry).toEqual({ ...said("one"), duplicate: true });
  });

  test("the stored check reveals nothing about the line without the process's key", () => {
    const check = createLineCheck(new Uint8Array(32).fill(7));
    const stored = check.of("password old = new-secret");
    expect(stored).not.toContain("new-secret");
    expect(check.matches(stored, "password old = new-secret")).toBe(true);
    expect(check.matches(stored, "password old = guess")).toBe(false);
    expect(createLineCheck(new Uint8Array(32).fill(8)).matches(stored, "anything")).toBe(true);
  });
});
