import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { callAndReply, guest, lit } from "./guest-modules.ts";
import { createTestHost, go, testSource } from "./plugin-test-host.ts";

// Each case loads a small purpose-built hostile module beside a well-behaved one and states its pass criteria.
// The short budget is for the cases about time; the others take a long one, so a loaded machine cannot fail them.
const budget = 100;
const pose = {
  at: 0,
  text: JSON.stringify({ stream: "location:l1", type: "pose", payload: { name: "Probe", text: "hi" } }),
};
const okReply = { at: 512, text: '{"reply":"fine"}' };
const wellBehaved = () => testSource("good", guest(`(call $output ${lit(okReply)})`, { data: [okReply] }));

async function hostWithGood(config = {}) {
  const t = createTestHost({ callBudgetMs: budget, ...config });
  await t.host.load(wellBehaved());
  return t;
}

async function expectGoodStillAnswers(t: Awaited<ReturnType<typeof hostWithGood>>) {
  expect(await t.host.runCommand(go("good"))).toEqual({ reply: "fine" });
}

describe("a runaway plugin", () => {
  test("an infinite loop in a call is killed within twice the budget and other plugins still answer", async () => {
    const t = await hostWithGood();
    await t.host.load(testSource("spin", guest("(loop $l (br $l))")));
    await expect(t.host.runCommand(go("spin"))).rejects.toMatchObject({ code: "deadline_exceeded" });
    const m = t.host.metrics().find((x) => x.plugin === "spin");
    expect(m).toMatchObject({ calls: 1, timeouts: 1, errors: 1, restarts: 1 });
    // Killed within 2x the budget (the host's own measurement of the call).
    expect(m?.p99Ms ?? Number.POSITIVE_INFINITY).toBeLessThan(2 * budget);
    await expectGoodStillAnswers(t);
  });

  test("an infinite loop in start-up code is killed and the plugin is refused", async () => {
    const t = await hostWithGood();
    const spinAtStart = guest("", { extra: "(func $spin (loop $l (br $l))) (start $spin)" });
    const refused = await t.host.load(testSource("spin", spinAtStart)).catch((e: unknown) => e);
    expect(isHoloError(refused, "failed_precondition")).toBe(true);
    expect(String((refused as Error).message)).toContain("start-up took longer");
    expect(t.host.list().map((p) => p.name)).toEqual(["good"]);
    await expectGoodStillAnswers(t);
  });
});

describe("memory", () => {
  test("growth traps at the module's declared maximum and the next call gets a fresh instance", async () => {
    const t = await hostWithGood();
    const grow = guest(
      "(loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) (unreachable)",
      { memory: { initial: 1, max: 4 } },
    );
    await t.host.load(testSource("grow", grow));
    await expect(t.host.runCommand(go("grow"))).rejects.toMatchObject({ code: "unavailable" });
    await expect(t.host.runCommand(go("grow"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.host.metrics().find((x) => x.plugin === "grow")).toMatchObject({ restarts: 2 });
    await expectGoodStillAnswers(t);
  });

  test("a module without a declared memory maximum is refused at load", async () => {
    const t = await hostWithGood({ callBudgetMs: 30_000 });
    const source = testSource("nomax", guest("", { memory: { initial: 1, max: null } }));
    await expect(t.host.load(source)).rejects.toThrow(/no declared maximum/);
  });

  test("a module whose maximum is above the cap is refused at load", async () => {
    const t = await hostWithGood({ maxMemoryBytes: 4 * 65536 });
    await expect(
      t.host.load(testSource("big", guest("", { memory: { initial: 1, max: 5 } }))),
    ).rejects.toThrow(/over the cap/);
  });
});

describe("host replies", () => {
  // The guest allocates its request once and asks for the same 4 KB value `times` times in one call; each reply
  // must be the whole value (`{"ok":true,"value":"xxx…"}`, 4,118 bytes) or the guest traps.
  const kvGetLoop = (times: number) => {
    const get = { at: 0, text: JSON.stringify({ op: "get", key: "big" }) };
    const body = `(local $req i64) (local $i i32) (local.set $req (call $block ${lit(get)}))
      (loop $l
        (if (i64.ne (call $length (call $kv (local.get $req))) (i64.const 4118)) (then (unreachable)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const ${times}))))
      (call $output ${lit(okReply)})`;
    return guest(body, { data: [get, okReply] });
  };

  test("a plugin that reads a 4 KB value 20,000 times in one call is trapped at the 1 MiB host memory cap", async () => {
    const t = await hostWithGood();
    await t.kv.set("hog", "big", "x".repeat(4096));
    await t.host.load(testSource("hog", kvGetLoop(20_000), { capabilities: ["fs.data"] }));
    await expect(t.host.runCommand(go("hog"))).rejects.toMatchObject({ code: "unavailable" });
    expect(
      t.logs().some((l) => String(l.message).includes("allocated more than 1048576 bytes of host memory")),
    ).toBe(true);
    expect(t.host.metrics().find((x) => x.plugin === "hog")).toMatchObject({ errors: 1, restarts: 1 });
    await expectGoodStillAnswers(t);
  });

  test("the same value read 100 times (about 400 KB of replies) stays under the cap and the call succeeds", async () => {
    const t = await hostWithGood({ callBudgetMs: 30_000 });
    await t.kv.set("reader", "big", "x".repeat(4096));
    await t.host.load(testSource("reader", kvGetLoop(100), { capabilities: ["fs.data"] }));
    expect(await t.host.runCommand(go("reader"))).toEqual({ reply: "fine" });
  });

  // A generous budget: these calls make thousands of host calls, and the point is what they hold, not time.
  test("refused host calls count toward the cap too, and only the first few are written to the audit log", async () => {
    const t = await hostWithGood({ callBudgetMs: 30_000 });
    const body = `(local $req i64) (local $i i32) (local.set $req (call $block ${lit(pose)}))
      (loop $l (drop (call $emit (local.get $req)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
      (call $output ${lit(okReply)})`;
    await t.host.load(testSource("nag", guest(body, { data: [pose, okReply] })));
    expect(await t.host.runCommand(go("nag"))).toEqual({ reply: "fine" });
    expect(t.host.metrics().find((x) => x.plugin === "nag")).toMatchObject({ refusals: 1000 });
    expect(t.logs().filter((l) => l.msg === "plugin capability refused")).toHaveLength(4);
    const flood = body.replace("(i32.const 1000)", "(i32.const 100000)");
    await t.host.load(testSource("nagger", guest(flood, { data: [pose, okReply] })));
    await expect(t.host.runCommand(go("nagger"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.logs().some((l) => String(l.message).includes("bytes of host memory"))).toBe(true);
  });

  test("a key set 5,000 times in one call is held, and committed, as one change", async () => {
    const t = await hostWithGood({ callBudgetMs: 30_000 });
    const applied: number[] = [];
    const apply = t.kv.apply.bind(t.kv);
    t.kv.apply = async (plugin, changes) => {
      applied.push(changes.length);
      await apply(plugin, changes);
    };
    const set = { at: 1024, text: JSON.stringify({ op: "set", key: "k", value: "v".repeat(4000) }) };
    const body = `(local $req i64) (local $i i32) (local.set $req (call $block ${lit(set)}))
      (loop $l (drop (call $kv (local.get $req)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 5000))))
      (call $output ${lit(okReply)})`;
    await t.host.load(
      testSource("setter", guest(body, { data: [set, okReply] }), { capabilities: ["fs.data"] }),
    );
    expect(await t.host.runCommand(go("setter"))).toEqual({ reply: "fine" });
    expect(applied).toEqual([1]);
    expect(await t.kv.get("setter", "k")).toBe("v".repeat(4000));
  });
});

describe("traps", () => {
  test.each([
    ["unreachable", "(unreachable)"],
    ["division by zero", "(drop (i32.div_s (i32.const 1) (i32.const 0)))"],
    ["out-of-bounds access", "(drop (i32.load (i32.const 0x7ffffff0)))"],
  ])("%s fails the call, leaves no events, and the plugin recovers", async (_name, trap) => {
    const t = await hostWithGood();
    const body = `(drop (call $emit (call $block ${lit(pose)}))) ${trap} (call $output ${lit(okReply)})`;
    const caps = { capabilities: ["events.emit.location:*"] };
    await t.host.load(testSource("trap", guest(body, { data: [pose, okReply] }), caps));
    await expect(t.host.runCommand(go("trap"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.events).toEqual([]);
    expect(t.host.metrics().find((x) => x.plugin === "trap")).toMatchObject({ errors: 1, restarts: 1 });
    await expectGoodStillAnswers(t);
  });
});

describe("output", () => {
  test("a 50 MiB output is refused by the host memory cap before it is allocated", async () => {
    const t = await hostWithGood();
    const big = "(call $output_set (call $alloc (i64.const 52428800)) (i64.const 52428800))";
    await t.host.load(testSource("big", guest(big)));
    await expect(t.host.runCommand(go("big"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.logs().some((l) => String(l.message).includes("host memory"))).toBe(true);
    await expectGoodStillAnswers(t);
  });

  test("an output over the output cap is refused", async () => {
    const t = await hostWithGood({ maxOutputBytes: 1000 });
    await t.host.load(
      testSource("wide", guest("(call $output_set (call $alloc (i64.const 5000)) (i64.const 5000))")),
    );
    await expect(t.host.runCommand(go("wide"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.logs().some((l) => String(l.message).includes("over the cap of 1000"))).toBe(true);
  });

  test("an output with raw control characters is not JSON and fails the call", async () => {
    const t = await hostWithGood();
    const raw = { at: 0, text: '{"reply":"\u001b[2J"}' };
    await t.host.load(testSource("raw", guest(`(call $output ${lit(raw)})`, { data: [raw] })));
    await expect(t.host.runCommand(go("raw"))).rejects.toMatchObject({ code: "unavailable" });
  });

  test("escape sequences and invalid UTF-8 in a reply and a notification are made harmless", async () => {
    const t = await hostWithGood();
    const reply = {
      at: 0,
      text: new Uint8Array([
        ...new TextEncoder().encode('{"reply":"\\u001b[2Jred'),
        0xff,
        0xfe,
        ...new TextEncoder().encode('\\u0007"}'),
      ]),
    };
    const note = {
      at: 256,
      text: JSON.stringify({ characterId: "c1", text: "\u001b]0;pwned\u0007hi\u009b" }),
    };
    const body = `(drop (call $notify (call $block ${lit(note)}))) (call $output ${lit(reply)})`;
    await t.host.load(
      testSource("esc", guest(body, { data: [reply, note] }), { capabilities: ["char.notify"] }),
    );
    const result = await t.host.runCommand(go("esc"));
    expect(result).toEqual({ reply: "[2Jred\uFFFD\uFFFD" });
    expect(t.notices).toEqual([{ characterId: "c1", text: "]0;pwnedhi" }]);
  });
});

describe("effects", () => {
  test("a flood of emits breaks the quota and no event is appended", async () => {
    const t = await hostWithGood({ maxEmitsPerCall: 16 });
    const flood = `(local $i i32) (loop $l (drop (call $emit (call $block ${lit(pose)})))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))`;
    await t.host.load(
      testSource("flood", guest(flood, { data: [pose] }), { capabilities: ["events.emit.location:*"] }),
    );
    await expect(t.host.runCommand(go("flood"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.events).toEqual([]);
  });

  test("events emitted before a trap are never appended, and those of a good call are appended at once", async () => {
    const t = await hostWithGood();
    const partial = `(drop (call $emit (call $block ${lit(pose)}))) (drop (call $emit (call $block ${lit(pose)}))) (unreachable)`;
    const whole = `(drop (call $emit (call $block ${lit(pose)}))) (drop (call $emit (call $block ${lit(pose)})))`;
    const caps = { capabilities: ["events.emit.location:*"] };
    await t.host.load(testSource("partial", guest(partial, { data: [pose] }), caps));
    await t.host.load(testSource("whole", guest(whole, { data: [pose] }), caps));
    await expect(t.host.runCommand(go("partial"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.events).toEqual([]);
    await t.host.runCommand(go("whole"));
    expect(t.events.map((e) => ({ stream: e.stream, actor: e.actor }))).toEqual([
      { stream: "location:l1", actor: { kind: "plugin", id: "whole" } },
      { stream: "location:l1", actor: { kind: "plugin", id: "whole" } },
    ]);
  });

  test("when the store refuses the append, the caller is told nothing happened", async () => {
    const t = await hostWithGood();
    await t.host.load(
      testSource("emit", guest(`(drop (call $emit (call $block ${lit(pose)})))`, { data: [pose] }), {
        capabilities: ["events.emit.location:*"],
      }),
    );
    t.failAppends(true);
    await expect(t.host.runCommand(go("emit"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.events).toEqual([]);
  });

  test("a call without the capability is refused with an error the plugin sees, audited, and the game goes on", async () => {
    const t = await hostWithGood();
    await t.host.load(testSource("rogue", guest(callAndReply("emit", pose), { data: [pose] })));
    const result = await t.host.runCommand(go("rogue"));
    expect(result).toEqual({});
    expect(t.events).toEqual([]);
    expect(t.logs().filter((l) => l.msg === "plugin capability refused")).toMatchObject([
      { plugin: "rogue", capability: "events.emit.location:l1", audit: true },
    ]);
    expect(t.host.metrics().find((x) => x.plugin === "rogue")).toMatchObject({ refusals: 1, errors: 0 });
  });
});

describe("repeated failures", () => {
  test("a plugin is disabled after 3 consecutive failures, admins are told, and enable brings it back", async () => {
    const t = await hostWithGood();
    await t.host.load(testSource("bad", guest("(unreachable)")));
    for (let i = 0; i < 3; i++)
      await expect(t.host.runCommand(go("bad"))).rejects.toMatchObject({ code: "unavailable" });
    expect(t.adminNotices).toHaveLength(1);
    expect(t.adminNotices[0]).toContain('Plugin "bad" was disabled after 3 consecutive failures');
    expect(t.host.list().find((p) => p.name === "bad")?.state).toBe("disabled");
    await expect(t.host.runCommand(go("bad"))).rejects.toThrow(/disabled/);
    expect(t.host.commands().map((c) => c.plugin)).toEqual(["good"]);
    await t.host.enable("bad");
    expect(t.host.list().find((p) => p.name === "bad")?.state).toBe("enabled");
    await expectGoodStillAnswers(t);
  });
});
