import { describe, expect, test } from "bun:test";
import { ConnectError } from "@connectrpc/connect";
import { HUH } from "#core/engine/engine.ts";
import type { PluginManifest } from "#plugins/manifest.ts";
import { callAndReply, guest, lit } from "./guest-modules.ts";
import { type LiveGame, type LivePlayer, startLiveGame, textOf } from "./live-game.ts";
import { testSource } from "./plugin-test-host.ts";

// Hostile plugins against a live core (real embedded store, the game's engine and sessions, the plugin
// host linked as `holomush core` links it). Checked in every case:
//  1. a runaway call is killed within 2x the budget (the host's own measurement of the call);
//  2. other players' commands are still answered, and their events still reach the room;
//  3. no partial events: nothing the failed call emitted is in the store;
//  4. after 3 consecutive failures the plugin is disabled and the admins online are told.
const budget = 100;
const pose = {
  at: 0,
  text: JSON.stringify({ stream: "location:lobby", type: "pose", payload: { name: "X", text: "hi" } }),
};
const okReply = { at: 512, text: '{"reply":"fine"}' };
const emitsPose = { capabilities: ["events.emit.location:*"] } as const;
const good = () => testSource("good", guest(`(call $output ${lit(okReply)})`, { data: [okReply] }));

interface Scene {
  readonly live: LiveGame;
  readonly alice: LivePlayer;
  readonly bob: LivePlayer;
  readonly admin: LivePlayer;
}

async function scene(name: string, wasm: Uint8Array, manifest: Partial<PluginManifest> = {}): Promise<Scene> {
  const live = await startLiveGame([good(), testSource(name, wasm, manifest)], { callBudgetMs: budget });
  return { live, admin: await live.admin(), alice: await live.enter("Alice"), bob: await live.enter("Bob") };
}

/** What the player reads of a failed plugin command: its reply line (a refusal), or the error of the call. */
const failure = (p: Promise<readonly string[]>) =>
  p.then(
    (lines) => lines.join("\n"),
    (e: unknown) => ConnectError.from(e).rawMessage,
  );

/** Criterion 2: Bob's say reaches the room and the well-behaved plugin still answers. */
async function othersStillAnswered(s: Scene, words: string) {
  expect(await s.bob.command(`say ${words}`)).toEqual([]);
  await s.alice.until((e) => e.type === "say" && textOf(e) === words);
  expect(await s.bob.command("good-go")).toEqual(["fine"]);
}

/** Criterion 3: nothing by the plugin is in the store. */
async function noEventsBy(s: Scene, plugin: string) {
  const all = [
    ...(await s.live.store.events.replay("location:lobby", 0, 1000)),
    ...(await s.live.store.events.replay(`char:${s.alice.characterId}`, 0, 1000)),
  ];
  expect(all.filter((e) => e.actor.kind === "plugin" && e.actor.id === plugin)).toEqual([]);
}

/** Criterion 4: the third failure disables the plugin and the admin's stream says so. */
async function disabledAfterThree(s: Scene, plugin: string, fail: () => Promise<unknown>) {
  while ((s.live.plugins.stats().find((x) => x.plugin === plugin)?.errors ?? 0) < 3) await fail();
  expect(s.live.plugins.list().find((p) => p.name === plugin)?.state).toBe("disabled");
  const notice = await s.admin.until((e) => e.type === "notice" && textOf(e).includes(plugin));
  expect(textOf(notice)).toContain(`Plugin "${plugin}" was disabled after 3 consecutive failures`);
}

const stat = (s: Scene, plugin: string) => s.live.plugins.stats().find((x) => x.plugin === plugin);

describe("hostile plugins in a live core", () => {
  test("an infinite loop in a call is killed within 2x the budget; others are answered; disabled after 3", async () => {
    const s = await scene("spin", guest("(loop $l (br $l))"));
    await using _ = s.live;
    const [spun] = await Promise.all([
      failure(s.alice.command("spin-go")),
      othersStillAnswered(s, "still here"),
    ]);
    expect(spun).toContain("took too long");
    expect(stat(s, "spin")?.p99Ms ?? Number.POSITIVE_INFINITY).toBeLessThan(2 * budget);
    await disabledAfterThree(s, "spin", () => failure(s.alice.command("spin-go")));
    await othersStillAnswered(s, "after the third");
  });

  test("an infinite loop in start-up code is killed and the plugin refused; the game starts and plays", async () => {
    const spinAtStart = guest("", { extra: "(func $spin (loop $l (br $l))) (start $spin)" });
    const s = await scene("spin", spinAtStart);
    await using _ = s.live;
    expect(s.live.plugins.list().map((p) => p.name)).toEqual(["good"]);
    expect(s.live.logLines().some((l) => JSON.stringify(l).includes("start-up took longer"))).toBe(true);
    expect(await s.alice.command("spin-go")).toEqual([HUH]);
    await othersStillAnswered(s, "no spin");
  });

  test("memory growth traps at the declared maximum; others are answered; disabled after 3", async () => {
    const grow = guest(
      "(loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) (unreachable)",
      { memory: { initial: 1, max: 64 } },
    );
    const s = await scene("grow", grow);
    await using _ = s.live;
    const [grown] = await Promise.all([failure(s.alice.command("grow-go")), othersStillAnswered(s, "roomy")]);
    expect(grown).toContain("grow plugin failed");
    await disabledAfterThree(s, "grow", () => failure(s.alice.command("grow-go")));
  });

  test.each([
    ["unreachable", "(unreachable)"],
    ["division by zero", "(drop (i32.div_s (i32.const 1) (i32.const 0)))"],
    ["out-of-bounds access", "(drop (i32.load (i32.const 0x7ffffff0)))"],
  ])("a trap (%s) after an emit leaves no partial event; disabled after 3", async (_n, trap) => {
    const body = `(drop (call $emit (call $block ${lit(pose)}))) ${trap} (call $output ${lit(okReply)})`;
    const s = await scene("trap", guest(body, { data: [pose, okReply] }), emitsPose);
    await using _ = s.live;
    const [trapped] = await Promise.all([
      failure(s.alice.command("trap-go")),
      othersStillAnswered(s, "ouch"),
    ]);
    expect(trapped).toContain("trap plugin failed");
    await disabledAfterThree(s, "trap", () => failure(s.alice.command("trap-go")));
    await noEventsBy(s, "trap");
  });

  test("a 50 MiB output is refused before the host allocates it; others are answered", async () => {
    const big = "(call $output_set (call $alloc (i64.const 52428800)) (i64.const 52428800))";
    const s = await scene("big", guest(big));
    await using _ = s.live;
    const [result] = await Promise.all([failure(s.alice.command("big-go")), othersStillAnswered(s, "small")]);
    expect(result).toContain("big plugin failed");
    expect(s.live.logLines().some((l) => JSON.stringify(l).includes("host memory"))).toBe(true);
    await disabledAfterThree(s, "big", () => failure(s.alice.command("big-go")));
  });

  test("20,000 reads of a 4 KB value in one call are trapped at the host memory cap; others are answered; disabled after 3", async () => {
    const set = { at: 1024, text: JSON.stringify({ op: "set", key: "big", value: "x".repeat(4096) }) };
    const get = { at: 0, text: JSON.stringify({ op: "get", key: "big" }) };
    const body = `(local $req i64) (local $i i32) (drop (call $kv (call $block ${lit(set)})))
      (local.set $req (call $block ${lit(get)}))
      (loop $l (drop (call $kv (local.get $req)))
        (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 20000))))
      (call $output ${lit(okReply)})`;
    const s = await scene("hog", guest(body, { data: [get, okReply, set] }), { capabilities: ["fs.data"] });
    await using _ = s.live;
    const [result] = await Promise.all([failure(s.alice.command("hog-go")), othersStillAnswered(s, "lean")]);
    expect(result).toContain("hog plugin failed");
    expect(s.live.logLines().some((l) => JSON.stringify(l).includes("bytes of host memory"))).toBe(true);
    await disabledAfterThree(s, "hog", () => failure(s.alice.command("hog-go")));
  });

  test("escape sequences and invalid UTF-8 in a reply and a notification reach players harmless", async () => {
    const reply = {
      at: 0,
      text: new Uint8Array([
        ...new TextEncoder().encode('{"reply":"\\u001b[2Jred%[bold]'),
        0xff,
        ...new TextEncoder().encode('\\u0007"}'),
      ]),
    };
    const note = {
      at: 256,
      text: JSON.stringify({ characterId: "CHAR", text: "\u001b]0;pwned\u0007hi\u009b" }),
    };
    const body = `(drop (call $notify (call $block ${lit(note)}))) (call $output ${lit(reply)})`;
    const s = await scene("esc", guest(body, { data: [reply, note] }), { capabilities: ["char.notify"] });
    await using _ = s.live;
    const lines = await s.alice.command("esc-go");
    // The host strips controls; the core doubles `%` because command output is trusted markup.
    expect(lines).toEqual(["[2Jred%%[bold]\uFFFD"]);
    const [notice] = await s.live.store.events.replay("char:CHAR", 0, 10);
    expect({ type: notice?.type, actor: notice?.actor, payload: notice?.payload }).toEqual({
      type: "notice",
      actor: { kind: "plugin", id: "esc" },
      payload: { text: "]0;pwnedhi" },
    });
    await othersStillAnswered(s, "clean");
  });

  test("a flood of emits breaks the quota and appends nothing; disabled after 3", async () => {
    const flood = `(local $i i32) (loop $l (drop (call $emit (call $block ${lit(pose)})))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))`;
    const s = await scene("flood", guest(flood, { data: [pose] }), emitsPose);
    await using _ = s.live;
    const [flooded] = await Promise.all([
      failure(s.alice.command("flood-go")),
      othersStillAnswered(s, "dry"),
    ]);
    expect(flooded).toContain("flood plugin failed");
    await disabledAfterThree(s, "flood", () => failure(s.alice.command("flood-go")));
    await noEventsBy(s, "flood");
  });

  test("a call without the capability is refused to the plugin, audited, and the game goes on", async () => {
    const s = await scene("rogue", guest(callAndReply("emit", pose), { data: [pose] }));
    await using _ = s.live;
    const [lines] = await Promise.all([s.alice.command("rogue-go"), othersStillAnswered(s, "fine")]);
    expect(lines).toEqual([]);
    expect(s.live.logLines().filter((l) => l.msg === "plugin capability refused")).toMatchObject([
      { plugin: "rogue", capability: "events.emit.location:lobby", audit: true },
    ]);
    expect(stat(s, "rogue")).toMatchObject({ refusals: 1, errors: 0, state: "enabled" });
    await noEventsBy(s, "rogue");
  });

  test("a runaway event handler never holds up the room; it is disabled after 3 says and admins are told", async () => {
    const s = await scene("deaf", guest("", {}, "(loop $l (br $l))"), {
      subscriptions: [{ types: ["say"], streams: ["location:*"] }],
      capabilities: ["events.subscribe.location:*"],
    });
    await using _ = s.live;
    for (const words of ["one", "two", "three"]) await othersStillAnswered(s, words);
    const notice = await s.admin.until((e) => e.type === "notice" && textOf(e).includes("deaf"));
    expect(textOf(notice)).toContain('Plugin "deaf" was disabled after 3 consecutive failures');
    expect(stat(s, "deaf")).toMatchObject({ timeouts: 3, state: "disabled" });
    expect(stat(s, "deaf")?.p99Ms ?? Number.POSITIVE_INFINITY).toBeLessThan(2 * budget);
  });
});
