import { expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import type { PolicyEngine, PolicyEntity, PolicyRequest } from "./policy-engine.ts";

const character = (id: string, role: string, flags: string[] = []): PolicyEntity => ({
  uid: { type: "Character", id },
  attrs: { role, flags, ageDays: 1 },
});
const room = (id: string, owner: string, flags: string[] = []): PolicyEntity => ({
  uid: { type: "Room", id },
  attrs: { owner: { type: "Character", id: owner }, flags },
});
const modify = (who: PolicyEntity, what: PolicyEntity): PolicyRequest => ({
  principal: who.uid,
  action: "modify",
  resource: what.uid,
  entities: [who, what],
});

const alice = character("alice", "builder");
const carol = character("carol", "builder");
const attic = room("attic", "alice");
const owners = `permit (principal, action == Action::"modify", resource is Room) when { resource.owner == principal };`;
// Plugins are principals too (of use_capability), so a policy on every action says which principals it reads.
const noBanned = `forbid (principal is Character, action, resource) when { principal.flags.contains("banned") };`;

/** Behaviour every PolicyEngine must show: Cedar's semantics, deny wins, default deny, checked loads. */
export function policyEngineContract(name: string, open: () => PolicyEngine): void {
  test(`${name}: with no policies every request is denied, by no policy`, () => {
    const engine = open();
    expect(engine.decide(modify(alice, attic))).toEqual({
      allowed: false,
      policyIds: [],
      reason: "no policy permits it",
    });
  });

  test(`${name}: a permit on the owner allows the owner and no one else, naming the policy`, () => {
    const engine = open();
    engine.load(new Map([["owners", owners]]));
    expect(engine.decide(modify(alice, attic))).toEqual({
      allowed: true,
      policyIds: ["owners"],
      reason: "permitted by owners",
    });
    expect(engine.decide(modify(carol, attic)).allowed).toBe(false);
  });

  test(`${name}: a forbid that applies wins over every permit`, () => {
    const engine = open();
    engine.load(
      new Map([
        ["owners", owners],
        ["no-banned", noBanned],
      ]),
    );
    const banned = character("alice", "builder", ["banned"]);
    expect(engine.decide(modify(banned, attic))).toEqual({
      allowed: false,
      policyIds: ["no-banned"],
      reason: "forbidden by no-banned",
    });
  });

  test(`${name}: a change of attribute in the request changes the decision`, () => {
    const engine = open();
    engine.load(
      new Map([
        ["owners", owners],
        ["no-banned", noBanned],
      ]),
    );
    expect(engine.decide(modify(alice, attic)).allowed).toBe(true);
    expect(engine.decide(modify(character("alice", "builder", ["banned"]), attic)).allowed).toBe(false);
    expect(engine.decide(modify(alice, room("attic", "carol"))).allowed).toBe(false);
  });

  test(`${name}: a policy that fails the schema is refused with Cedar's message and the old policies stay`, () => {
    const engine = open();
    engine.load(new Map([["owners", owners]]));
    const bad = new Map([
      ["bad", `permit (principal is Character, action, resource) when { principal.rank == "x" };`],
    ]);
    expect(engine.check(bad)).toEqual([
      "for policy `bad`, attribute `rank` on entity type `Character` not found (did you mean `role`?)",
    ]);
    let thrown: unknown;
    try {
      engine.load(bad);
    } catch (error) {
      thrown = error;
    }
    expect(isHoloError(thrown, "invalid_argument")).toBe(true);
    expect(engine.decide(modify(alice, attic)).allowed).toBe(true);
  });

  test(`${name}: text that does not parse, or holds two policies under one id, is refused`, () => {
    const engine = open();
    expect(engine.check(new Map([["broken", "permit (principal, action"]])).length).toBe(1);
    expect(engine.check(new Map([["two", `${owners}\n${noBanned}`]]))).toEqual([
      "two: a policy id names exactly one policy (found 2).",
    ]);
  });

  test(`${name}: a request the schema does not allow is denied, not thrown`, () => {
    const engine = open();
    engine.load(new Map([["all", "permit (principal, action, resource);"]]));
    const channel: PolicyEntity = { uid: { type: "Channel", id: "pub" }, attrs: { name: "Public" } };
    const decision = engine.decide({ ...modify(alice, channel), action: "take" });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toStartWith("error: ");
  });

  test(`${name}: policies annotated @audit are reported`, () => {
    const engine = open();
    engine.load(
      new Map([
        ["owners", owners],
        ["root", `@audit\npermit (principal, action, resource);`],
      ]),
    );
    expect([...engine.audited()]).toEqual(["root"]);
  });

  test(`${name}: a forbid pinned to one resource denies that resource only, whatever the other policies permit`, () => {
    const engine = open();
    const lock = `forbid (principal, action == Action::"modify", resource == Room::"attic") unless { principal.flags.contains("key") };`;
    engine.load(
      new Map([
        ["owners", owners],
        ["lock-attic", lock],
      ]),
    );
    expect(engine.decide(modify(alice, attic))).toEqual({
      allowed: false,
      policyIds: ["lock-attic"],
      reason: "forbidden by lock-attic",
    });
    expect(engine.decide(modify(character("alice", "builder", ["key"]), attic))).toEqual({
      allowed: true,
      policyIds: ["owners"],
      reason: "permitted by owners",
    });
    expect(engine.decide(modify(alice, room("cellar", "alice"))).allowed).toBe(true);
  });

  test(`${name}: permits pinned to a resource count with the others, and a changed or removed one applies at the next load`, () => {
    const engine = open();
    const carolMay = `permit (principal == Character::"carol", action == Action::"modify", resource == Room::"attic");`;
    const both = new Map([
      ["owners", owners],
      ["carol-attic", carolMay],
      ["no-banned", noBanned],
    ]);
    engine.load(both);
    expect(engine.decide(modify(carol, attic))).toEqual({
      allowed: true,
      policyIds: ["carol-attic"],
      reason: "permitted by carol-attic",
    });
    expect(engine.decide(modify(character("carol", "builder", ["banned"]), attic)).policyIds).toEqual([
      "no-banned",
    ]);
    engine.load(new Map([...both, ["carol-attic", carolMay.replace("carol", "bob")]]));
    expect(engine.decide(modify(carol, attic)).allowed).toBe(false);
    engine.load(new Map([["owners", owners]]));
    expect(engine.decide(modify(carol, attic)).allowed).toBe(false);
    expect(engine.decide(modify(alice, attic)).allowed).toBe(true);
  });
}
