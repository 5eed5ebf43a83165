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
