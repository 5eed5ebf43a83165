import { expect, test } from "bun:test";
import { createCedarPolicyEngine } from "./cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "./default-policies.ts";
import { lockCondition, parseLock } from "./lock-expression.ts";
import { lockFailMessage, lockOf, lockPolicyId, lockPolicyText, readLock } from "./lock-policy.ts";
import type { EntityRef, PolicyEntity } from "./policy-engine.ts";

const ref = (type: EntityRef["type"], id: string): EntityRef => ({ type, id });
const owner = ref("Character", "alice");
const room = (id: string): PolicyEntity => ({ uid: ref("Room", id), attrs: { owner, flags: [] } });
const exit: PolicyEntity = {
  uid: ref("Exit", "01EXIT"),
  attrs: { owner, flags: [], location: ref("Room", "r"), destination: ref("Room", "d") },
};
const thing: PolicyEntity = { uid: ref("Thing", "01CUP"), attrs: { owner, flags: [] } };
const who = (flags: string[]): PolicyEntity => ({
  uid: ref("Character", "me"),
  attrs: { role: "player", flags, ageDays: 1 },
});

function engineWith(...locks: [Parameters<typeof lockPolicyText>[0], string, string?][]) {
  const policies = defaultPolicies();
  for (const [target, expression, fail] of locks) {
    const lock = fail ? { expression, fail } : { expression };
    policies.set(
      lockPolicyId(target),
      lockPolicyText(target, lock, lockCondition(parseLock(expression), new Map())),
    );
  }
  const engine = createCedarPolicyEngine({ schema: policySchema });
  engine.load(policies);
  return { engine, policies };
}

test("an exit locked to flag:member lets members through and forbids others by the lock's policy", () => {
  const { engine } = engineWith([{ kind: "exit", id: "01EXIT" }, "flag:member"]);
  const go = (flags: string[]) =>
    engine.decide({
      principal: ref("Character", "me"),
      action: "enter",
      resource: exit.uid,
      entities: [who(flags), exit, room("d")],
    });
  expect(go(["member"]).allowed).toBe(true);
  expect(go([])).toEqual({
    allowed: false,
    policyIds: ["lock-exit-01exit"],
    reason: "forbidden by lock-exit-01exit",
  });
});

test("a lock on an object forbids take, and nothing else", () => {
  const { engine } = engineWith([{ kind: "object", id: "01CUP" }, "!flag:banned"]);
  const ask = (action: "take" | "look", flags: string[]) =>
    engine.decide({
      principal: ref("Character", "me"),
      action,
      resource: thing.uid,
      entities: [who(flags), thing],
    }).allowed;
  expect([ask("take", []), ask("take", ["banned"])]).toEqual([true, false]);
});

test("a lock's text keeps its expression and fail message, read back from its annotations", () => {
  const target = { kind: "exit", id: "01EXIT" } as const;
  const { policies } = engineWith([target, "flag:member  |  role:admin", 'The door is "shut".\n\tGo away.']);
  const text = policies.get("lock-exit-01exit") ?? "";
  expect(readLock(text)).toEqual({
    expression: "flag:member | role:admin",
    fail: 'The door is "shut". Go away.',
  });
  const source = { show: (id: string) => policies.get(id) };
  expect(lockOf(source, target)?.expression).toBe("flag:member | role:admin");
  expect(lockOf(source, { kind: "object", id: "01CUP" })).toBeUndefined();
  expect(lockFailMessage(source, ["everyone-plays", "lock-exit-01exit"])).toBe(
    'The door is "shut". Go away.',
  );
  expect(readLock(policies.get("everyone-plays") ?? "")).toBeUndefined();
});

test("an id no policy id can hold is refused", () => {
  expect(() => lockPolicyId({ kind: "exit", id: "a b" })).toThrow("That cannot be locked");
});
