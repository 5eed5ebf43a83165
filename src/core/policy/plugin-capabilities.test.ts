import { describe, expect, test } from "bun:test";
import { createEventAppender } from "#core/events/event-appender.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { emptyWorldState } from "#core/world/world-state.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { openPermissions } from "./open-permissions.ts";
import { AUDIT_STREAM } from "./permissions.ts";
import { capabilityParts } from "./plugin-capabilities.ts";
import { POLICY_STREAM, type PolicyEventOf } from "./policy-library.ts";

async function game() {
  const log = collectingLogger().logger;
  const events = createMemoryEventStore({ log });
  const clock = manualClock();
  const append = createEventAppender(events, createMetricsRegistry());
  const permissions = await openPermissions({
    events,
    append,
    world: emptyWorldState,
    characterOf: async (id) => ({ id, role: "admin", createdAt: 1 }),
    admin: async () => "admin",
    clock,
    log,
  });
  const ids = sequentialIds("E");
  const write: PolicyEventOf = (type, payload) => ({
    id: ids(),
    stream: POLICY_STREAM,
    type,
    timestamp: clock.now(),
    actor: { kind: "character", id: "admin" },
    payload,
  });
  const store = (id: string, text: string) => permissions.library.set(id, text, write, () => {});
  return { events, permissions, store };
}

const emitHere = {
  plugin: "dice",
  profile: "untrusted",
  capability: "events.emit.location:l1",
  granted: true,
};

test.each([
  ["events.emit.location:01J", { family: "events.emit", scope: "location:01J" }],
  ["events.subscribe.world", { family: "events.subscribe", scope: "world" }],
  ["world.write.here", { family: "world.write", scope: "here" }],
  ["char.notify", { family: "char.notify", scope: "" }],
  ["attributes.write", { family: "attributes.write", scope: "" }],
])("%s is the family and scope %o", (capability, parts) => {
  expect(capabilityParts(capability)).toEqual(parts);
});

describe("a plugin's capabilities through the policy engine", () => {
  test("what the manifest and trust config granted is permitted by the default policy", async () => {
    const { permissions } = await game();
    expect(permissions.pluginCapability(emitHere)).toEqual({
      allowed: true,
      policyIds: ["plugins-use-granted-capabilities"],
      reason: "permitted by plugins-use-granted-capabilities",
    });
  });

  test("what the trust config did not grant is denied, admin-level policies notwithstanding", async () => {
    const { permissions } = await game();
    expect(permissions.pluginCapability({ ...emitHere, granted: false })).toEqual({
      allowed: false,
      policyIds: [],
      reason: "no policy permits it",
    });
  });

  test("a forbid stored on the policy stream takes a capability away at once, and its removal gives it back", async () => {
    const { permissions, store, events } = await game();
    expect(permissions.pluginCapability(emitHere).allowed).toBe(true);
    await store(
      "no-dice-in-rooms",
      `forbid (principal == Plugin::"dice", action == Action::"use_capability", resource is Capability) when { resource.family == "events.emit" && resource.scope like "location:*" };`,
    );
    expect(permissions.pluginCapability(emitHere)).toMatchObject({
      allowed: false,
      policyIds: ["no-dice-in-rooms"],
    });
    // Other scopes, other plugins and other capabilities are untouched.
    expect(permissions.pluginCapability({ ...emitHere, capability: "events.emit.char:c1" }).allowed).toBe(
      true,
    );
    expect(permissions.pluginCapability({ ...emitHere, plugin: "coin" }).allowed).toBe(true);
    expect((await events.replay(POLICY_STREAM, 0, 10)).map((e) => e.type)).toEqual(["policy_set"]);
    await permissions.library.remove(
      "no-dice-in-rooms",
      (type, payload) => ({
        id: "E-remove",
        stream: POLICY_STREAM,
        type,
        timestamp: 0,
        actor: { kind: "character", id: "admin" },
        payload,
      }),
      () => {},
    );
    expect(permissions.pluginCapability(emitHere).allowed).toBe(true);
  });

  test("a policy may forbid one whole capability by its text, or a profile everything of a family", async () => {
    const { permissions, store } = await game();
    await store(
      "no-world-emits",
      `forbid (principal, action == Action::"use_capability", resource == Capability::"events.emit.world");`,
    );
    await store(
      "untrusted-write-nothing",
      `forbid (principal is Plugin, action == Action::"use_capability", resource is Capability) when { principal has profile && principal.profile == "untrusted" && resource.family == "attributes.write" };`,
    );
    const world = { ...emitHere, capability: "events.emit.world" };
    expect(permissions.pluginCapability(world).allowed).toBe(false);
    const write = { ...emitHere, capability: "attributes.write" };
    expect(permissions.pluginCapability(write).allowed).toBe(false);
    expect(permissions.pluginCapability({ ...write, profile: "trusted" }).allowed).toBe(true);
  });

  test("a refusal is audited as policy_decided by the plugin", async () => {
    const { permissions, events } = await game();
    const refused = { ...emitHere, granted: false };
    await permissions.auditCapability(refused, permissions.pluginCapability(refused), "E-audit");
    const [audit] = await events.replay(AUDIT_STREAM, 0, 10);
    expect(audit).toMatchObject({
      id: "E-audit",
      type: "policy_decided",
      actor: { kind: "plugin", id: "dice" },
      payload: {
        principal: 'Plugin::"dice"',
        action: "use_capability",
        resource: 'Capability::"events.emit.location:l1"',
        allowed: false,
        policies: [],
        reason: "no policy permits it",
      },
    });
  });
});
