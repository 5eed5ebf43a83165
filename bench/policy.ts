// Prints what the policy engine costs. First one decision, p50/p99, cached and uncached, with the default
// policies and 1,000 locks loaded. Then look, go and say through a game in memory, with the decision cache
// and without it, so the engine's share of a command shows. Printed, not asserted.
// Usage: bun bench/policy.ts [decisions=5000] [commandsPerKind=1000]
import { startTestGame, typist } from "#core/game/test-support/game-harness.ts";
import { createCachedPolicyEngine } from "#core/policy/cached-policy-engine.ts";
import { createCedarPolicyEngine } from "#core/policy/cedar-policy-engine.ts";
import { defaultPolicies, policySchema } from "#core/policy/default-policies.ts";
import { lockCondition, parseLock } from "#core/policy/lock-expression.ts";
import { lockPolicyId, lockPolicyText } from "#core/policy/lock-policy.ts";
import type { EntityRef, PolicyEngine, PolicyEntity, PolicyRequest } from "#core/policy/policy-engine.ts";
import { memoryStores } from "#core/store/memory-stores.ts";

const decisions = Number(process.argv[2] ?? 5000);
const perKind = Number(process.argv[3] ?? 1000);
const LOCKS = 1000;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const figures = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  return `p50 ${us(percentile(sorted, 0.5))}, p99 ${us(percentile(sorted, 0.99))}`;
};

const ref = (type: EntityRef["type"], id: string): EntityRef => ({ type, id });

/** The defaults and LOCKS locks, one per exit x0…x999, each letting members through. */
function policies() {
  const all = defaultPolicies();
  const condition = lockCondition(parseLock("flag:member & !flag:banned | role:admin"), new Map());
  for (let i = 0; i < LOCKS; i++) {
    const target = { kind: "exit" as const, id: `x${i}` };
    all.set(lockPolicyId(target), lockPolicyText(target, { expression: "flag:member" }, condition));
  }
  return all;
}

/** Going through exit x<i>, by a character with `flags`, as the game asks it. */
function request(i: number, flags: string[]): PolicyRequest {
  const owner = ref("Character", "owner");
  const to: PolicyEntity = { uid: ref("Room", `r${i}`), attrs: { owner, flags: [] } };
  const exit: PolicyEntity = {
    uid: ref("Exit", `x${i}`),
    attrs: { owner, flags: [], location: ref("Room", "lobby"), destination: to.uid },
  };
  const me: PolicyEntity = { uid: ref("Character", "me"), attrs: { role: "player", flags, ageDays: 3 } };
  return { principal: me.uid, action: "enter", resource: exit.uid, entities: [me, exit, to] };
}

function timeDecisions(engine: PolicyEngine, requests: PolicyRequest[]) {
  const samples: number[] = [];
  for (const r of requests) {
    const at = performance.now();
    engine.decide(r);
    samples.push(performance.now() - at);
  }
  return samples;
}

function decisionBench() {
  const cedar = createCedarPolicyEngine({ schema: policySchema });
  const set = policies();
  const at = performance.now();
  cedar.load(set);
  console.log(
    `load: ${set.size} policies checked against the schema and parsed in ${(performance.now() - at).toFixed(0)} ms`,
  );
  // What one `lock` costs the library with these loaded: check the candidate, load it for the last-admin
  // guard, restore the set before, then load the stored change.
  const candidate = new Map(set);
  const extra = { kind: "exit" as const, id: "extra" };
  candidate.set(
    lockPolicyId(extra),
    lockPolicyText(extra, { expression: "flag:x" }, 'principal.flags.contains("x")'),
  );
  const changeAt = performance.now();
  cedar.check(candidate);
  cedar.load(candidate);
  cedar.load(set);
  cedar.load(candidate);
  console.log(
    `one more lock with these loaded: ${(performance.now() - changeAt).toFixed(0)} ms in the engine`,
  );
  // A spread of requests: different exits, members and not, so no two decisions are the same.
  const requests = Array.from({ length: decisions }, (_, i) => request(i % LOCKS, i % 2 ? ["member"] : []));
  timeDecisions(cedar, requests.slice(0, 200));
  console.log(`one decision, uncached (Cedar every time): ${figures(timeDecisions(cedar, requests))}`);
  const cached = createCachedPolicyEngine(cedar);
  // The cache keeps 10,000 decisions: warm it with the same requests, then time the hits.
  const hot = requests.slice(0, Math.min(requests.length, 5000));
  timeDecisions(cached, hot);
  console.log(`one decision, cached (a hit): ${figures(timeDecisions(cached, hot))}`);
}

/** look, go and say through a game in memory: per command, p50/p99 for each kind. */
async function gameBench(decisionCacheSize: number | undefined) {
  await using t = await startTestGame(
    memoryStores(),
    decisionCacheSize === undefined ? {} : { decisionCacheSize },
  );
  const r = await t.client.register({ name: "Walker", password: "password1", clientAddress: "h:1" });
  const { session } = await t.client.selectCharacter({ loginTicket: r.loginTicket, connectionId: "w" });
  const admin = await t.client.authenticate({
    name: "admin",
    password: "admin-password",
    clientAddress: "h:1",
  });
  const adminSession = await t.client.selectCharacter({ loginTicket: admin.loginTicket, connectionId: "a" });
  const asAdmin = typist(t.client, adminSession.session?.sessionId ?? "", "a");
  await asAdmin("dig Garden");
  await asAdmin("open North;n = Garden");
  await asAdmin("teleport me = Garden");
  await asAdmin("open South;s = lobby");
  const walk = typist(t.client, session?.sessionId ?? "", "w");
  const times: Record<string, number[]> = { look: [], go: [], say: [] };
  const lines = [
    ["look", "look"],
    ["go", "n"],
    ["say", "say hello"],
    ["look", "look"],
    ["go", "s"],
    ["say", "say again"],
  ] as const;
  for (let n = 0; n < perKind / 2; n++) {
    for (const [kind, line] of lines) {
      const at = performance.now();
      const out = await walk(line);
      times[kind]?.push(performance.now() - at);
      if (out.output.length > 0) throw new Error(`${line}: ${out.output.join(" ")}`);
    }
  }
  const label = decisionCacheSize === 0 ? "without the decision cache" : "with the decision cache";
  const ms = (samples: number[]) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p99 ${percentile(sorted, 0.99).toFixed(2)} ms`;
  };
  for (const [kind, samples] of Object.entries(times))
    console.log(`${kind.padEnd(4)} ${label}: ${ms(samples)} (${samples.length} commands)`);
}

decisionBench();
await gameBench(0);
await gameBench(undefined);
