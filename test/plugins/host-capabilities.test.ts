import { describe, expect, test } from "bun:test";
import type { PluginTrust } from "#plugins/capabilities.ts";
import type { PluginHostConfig } from "#plugins/plugin-host-config.ts";
import { createPluginSlot, prepareRecord } from "#plugins/plugin-slot.ts";
import { callAndReply, guest } from "./guest-modules.ts";
import { createTestHost, go, testSource } from "./plugin-test-host.ts";

// Each host function is refused without its capability and allowed with it.
const cases = [
  {
    fn: "emit",
    capability: "events.emit.location:*",
    request: { stream: "location:l1", type: "pose", payload: { name: "Probe", text: "hi" } },
    granted: { ok: true, id: "ev000001" },
  },
  {
    fn: "notify",
    capability: "char.notify",
    request: { characterId: "c2", text: "psst" },
    granted: { ok: true },
  },
  {
    fn: "world",
    capability: "world.read",
    request: { query: "character_by_name", name: "Alice" },
    granted: { ok: true, character: { id: "c1", name: "Alice", locationId: "l1", online: true } },
  },
  {
    fn: "kv",
    capability: "fs.data",
    request: { op: "get", key: "missing" },
    granted: { ok: true, value: null },
  },
  {
    fn: "attributes",
    capability: "attributes.read",
    request: { op: "get", kind: "location", id: "l1" },
    granted: { ok: true, attributes: {} },
  },
  {
    fn: "attributes",
    capability: "attributes.write",
    request: { op: "set", kind: "character", id: "c1", name: "lastroll", value: "7" },
    granted: { ok: true, name: "PROBE.LASTROLL" },
  },
] as const;

async function replyOf(
  fn: string,
  request: object,
  capabilities: string[],
  config: Partial<PluginHostConfig> = {},
) {
  const t = createTestHost(config);
  const data = { at: 0, text: JSON.stringify(request) };
  const source = testSource("probe", guest(callAndReply(fn, data), { data: [data] }), { capabilities });
  // The slot (one loaded plugin) hands back the guest's whole output: here, the host function's reply.
  const slot = createPluginSlot(await prepareRecord(source, t.deps), t.deps);
  const outcome = await slot.call("handle_command", go("probe"));
  await slot.close();
  if (outcome.kind !== "ok") throw new Error(outcome.message);
  return { t, result: outcome.output as Record<string, unknown> };
}

describe("each host function", () => {
  test.each(cases)("$fn is refused without $capability", async ({ fn, capability, request }) => {
    const { t, result } = await replyOf(fn, request, []);
    expect(result).toEqual({
      ok: false,
      error: {
        code: "permission_denied",
        message: `The plugin lacks the capability "${capability.replace("*", "l1")}".`,
      },
    });
    expect(t.logs().filter((l) => l.msg === "plugin capability refused")).toHaveLength(1);
  });

  test.each(cases)("$fn is allowed with $capability", async ({ fn, capability, request, granted }) => {
    // Trusted: reading attributes is above the untrusted ceiling.
    const trusted = { trust: { defaultProfile: "trusted" as const, plugins: {} } };
    const { result } = await replyOf(fn, request, [capability], trusted);
    expect(result).toEqual(granted);
  });

  test("log needs no capability", async () => {
    const { t, result } = await replyOf("log", { level: "warn", message: "hello \u001b[31m" }, []);
    expect(result).toEqual({ ok: true });
    expect(t.logs().find((l) => l.msg === "hello [31m")).toMatchObject({ level: "warn", plugin: "probe" });
  });
});

describe("trust profiles and overrides", () => {
  const emitToChar = {
    stream: "char:c2",
    type: "page",
    payload: { name: "Probe", text: "hi", to: ["Bob"], toIds: ["c2"] },
  };
  const trust = (plugin: Partial<PluginTrust>): Partial<PluginHostConfig> => ({
    trust: { defaultProfile: "untrusted", plugins: { probe: plugin } },
  });

  test("an untrusted plugin may not emit to a character stream even when it asks", async () => {
    const { result } = await replyOf("emit", emitToChar, ["events.emit.char:*"]);
    expect(result).toMatchObject({ ok: false, error: { code: "permission_denied" } });
  });

  test("a trusted plugin may", async () => {
    const { result, t } = await replyOf(
      "emit",
      emitToChar,
      ["events.emit.char:*"],
      trust({ profile: "trusted" }),
    );
    expect(result).toMatchObject({ ok: true });
    expect(t.events.map((e) => e.stream)).toEqual(["char:c2"]);
  });

  test("a per-game grant lifts an untrusted plugin's ceiling for that capability only", async () => {
    const config = trust({ grant: ["events.emit.char:c2"] });
    expect((await replyOf("emit", emitToChar, ["events.emit.char:*"], config)).result).toMatchObject({
      ok: true,
    });
    const other = { ...emitToChar, stream: "char:c1" };
    expect((await replyOf("emit", other, ["events.emit.char:*"], config)).result).toMatchObject({
      ok: false,
    });
  });

  test("a revoke beats the profile and a grant", async () => {
    const config = trust({ profile: "admin", grant: ["char.notify"], revoke: ["char.notify"] });
    const { result } = await replyOf("notify", { characterId: "c2", text: "x" }, ["char.notify"], config);
    expect(result).toMatchObject({ ok: false, error: { code: "permission_denied" } });
  });
});

describe("capabilities through the policy engine", () => {
  const emitHere = { stream: "location:l1", type: "pose", payload: { name: "Probe", text: "hi" } };

  test("a forbid stored by the operator refuses a granted capability at once, and the refusal is audited", async () => {
    const t = createTestHost();
    const data = { at: 0, text: JSON.stringify(emitHere) };
    const source = testSource("probe", guest(callAndReply("emit", data), { data: [data] }), {
      capabilities: ["events.emit.location:*"],
    });
    const slot = createPluginSlot(await prepareRecord(source, t.deps), t.deps);
    expect((await slot.call("handle_command", go("probe"))).kind === "ok").toBe(true);
    expect(t.events).toHaveLength(1);
    t.setPolicy(
      "no-probe-poses",
      `forbid (principal == Plugin::"probe", action == Action::"use_capability", resource) when { resource.family == "events.emit" && resource.scope like "location:*" };`,
    );
    const refused = await slot.call("handle_command", go("probe"));
    await slot.close();
    expect(refused).toMatchObject({
      kind: "ok",
      output: { ok: false, error: { code: "permission_denied" } },
    });
    expect(t.events).toHaveLength(1);
    expect(t.audits).toEqual([
      { plugin: "probe", profile: "untrusted", capability: "events.emit.location:l1", granted: true },
    ]);
  });

  test("what the trust config did not grant is audited as not granted", async () => {
    const { t } = await replyOf("notify", { characterId: "c2", text: "psst" }, []);
    expect(t.audits).toEqual([
      { plugin: "probe", profile: "untrusted", capability: "char.notify", granted: false },
    ]);
  });
});

describe("subscriptions", () => {
  const say = {
    id: "e1",
    stream: "location:l1",
    type: "say",
    timestamp: 1,
    actor: { kind: "character" as const, id: "c1" },
    payload: { text: "hi" },
    position: 1,
    version: 1,
  };
  const note = { at: 0, text: JSON.stringify({ characterId: "c1", text: "heard" }) };
  const listener = guest(
    "",
    { data: [note] },
    `(drop (call $notify (call $block (i32.const 0) (i32.const ${note.text.length}))))`,
  );
  const manifest = {
    subscriptions: [{ types: ["say"], streams: ["location:*"] }],
    capabilities: ["events.subscribe.location:*", "char.notify"],
  };

  test("an event reaches a plugin subscribed to its type and stream", async () => {
    const t = createTestHost();
    await t.host.load(testSource("ear", listener, manifest));
    await t.host.deliverEvent(say);
    await t.host.deliverEvent({ ...say, type: "pose" });
    expect(t.notices).toEqual([{ characterId: "c1", text: "heard" }]);
  });

  test("a revoked subscription capability stops delivery", async () => {
    const t = createTestHost({
      trust: { defaultProfile: "untrusted", plugins: { ear: { revoke: ["events.subscribe.*"] } } },
    });
    await t.host.load(testSource("ear", listener, manifest));
    await t.host.deliverEvent(say);
    expect(t.notices).toEqual([]);
  });

  test("a stored forbid on the subscription stops delivery, without an audit per event", async () => {
    const t = createTestHost();
    await t.host.load(testSource("ear", listener, manifest));
    t.setPolicy(
      "deaf-ear",
      `forbid (principal == Plugin::"ear", action == Action::"use_capability", resource) when { resource.family == "events.subscribe" };`,
    );
    await t.host.deliverEvent(say);
    expect(t.notices).toEqual([]);
    expect(t.audits).toEqual([]);
  });

  test("a plugin never receives its own events", async () => {
    const t = createTestHost();
    await t.host.load(testSource("ear", listener, manifest));
    await t.host.deliverEvent({ ...say, actor: { kind: "plugin", id: "ear" } });
    expect(t.notices).toEqual([]);
  });
});
