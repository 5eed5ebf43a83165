import { expect, test } from "bun:test";
import { createCachedPolicyEngine } from "./cached-policy-engine.ts";
import { createCedarPolicyEngine } from "./cedar-policy-engine.ts";
import { policySchema } from "./default-policies.ts";
import { policyEngineContract } from "./policy-engine.contract.ts";
import type { PolicyEngine, PolicyRequest } from "./policy-engine.ts";

policyEngineContract("cached cedar", () =>
  createCachedPolicyEngine(createCedarPolicyEngine({ schema: policySchema })),
);

/** A Cedar engine that counts the decisions that reach it. */
function counting(): PolicyEngine & { calls: number } {
  const inner = createCedarPolicyEngine({ schema: policySchema });
  const counted = { ...inner, calls: 0 };
  counted.decide = (request) => {
    counted.calls += 1;
    return inner.decide(request);
  };
  return counted;
}

const request = (role: string): PolicyRequest => {
  const me = { uid: { type: "Character" as const, id: "c" }, attrs: { role, flags: [], ageDays: 0 } };
  return { principal: me.uid, action: "build", resource: { type: "Game", id: "game" }, entities: [me] };
};
const builders = `permit (principal, action == Action::"build", resource) when { principal.role == "builder" };`;

test("a repeated request is answered from the cache, and a changed role is a new decision", () => {
  const inner = counting();
  const engine = createCachedPolicyEngine(inner);
  engine.load(new Map([["builders", builders]]));
  expect(engine.decide(request("builder")).allowed).toBe(true);
  expect(engine.decide(request("builder")).allowed).toBe(true);
  expect(inner.calls).toBe(1);
  expect(engine.decide(request("player")).allowed).toBe(false);
  expect(inner.calls).toBe(2);
});

test("loading policies empties the cache: the next decision uses them", () => {
  const engine = createCachedPolicyEngine(counting());
  engine.load(new Map([["builders", builders]]));
  expect(engine.decide(request("builder")).allowed).toBe(true);
  engine.load(new Map());
  expect(engine.decide(request("builder")).allowed).toBe(false);
});

test("the cache holds at most its size, dropping the least recently used", () => {
  const inner = counting();
  const engine = createCachedPolicyEngine(inner, 2);
  engine.load(new Map([["builders", builders]]));
  for (const role of ["a", "b", "a", "c", "a", "b"]) engine.decide(request(role));
  // a, b, c are new (3 calls); a was used last before c, so b went first and is asked again.
  expect(inner.calls).toBe(4);
});

/** `id` saying in a room owned by `owner`. */
const say = (id: string, owner = "someone"): PolicyRequest => {
  const me = { uid: { type: "Character" as const, id }, attrs: { role: "player", flags: [], ageDays: 0 } };
  const room = {
    uid: { type: "Room" as const, id: "hall" },
    attrs: { owner: { type: "Character" as const, id: owner }, flags: [] },
  };
  return { principal: me.uid, action: "speak", resource: room.uid, entities: [me, room] };
};
const speakers = `permit (principal, action == Action::"speak", resource);`;
const owners = `permit (principal, action == Action::"speak", resource is Room) when { resource.owner == principal };`;

test("characters whose slices differ only in their id share one decision", () => {
  const inner = counting();
  const engine = createCachedPolicyEngine(inner);
  engine.load(new Map([["speakers", speakers]]));
  for (let i = 0; i < 100; i++) expect(engine.decide(say(`c${i}`)).allowed).toBe(true);
  expect(inner.calls).toBe(1);
});

test("a character a policy names by id is decided on its own", () => {
  const inner = counting();
  const engine = createCachedPolicyEngine(inner);
  const muted = `forbid (principal == Character::"c2", action == Action::"speak", resource);`;
  engine.load(
    new Map([
      ["speakers", speakers],
      ["muted", muted],
    ]),
  );
  expect(engine.decide(say("c1")).allowed).toBe(true);
  expect(engine.decide(say("c2")).allowed).toBe(false);
  expect(engine.decide(say("c3")).allowed).toBe(true);
  expect(inner.calls).toBe(2);
});

test("a character named elsewhere in the request, as the room's owner, is decided on its own", () => {
  const inner = counting();
  const engine = createCachedPolicyEngine(inner);
  engine.load(new Map([["owners", owners]]));
  expect(engine.decide(say("c1", "c2")).allowed).toBe(false);
  expect(engine.decide(say("c2", "c2")).allowed).toBe(true);
  expect(engine.decide(say("c3", "c2")).allowed).toBe(false);
  expect(engine.decide(say("c2", "c2")).allowed).toBe(true);
  expect(inner.calls).toBe(2);
});
