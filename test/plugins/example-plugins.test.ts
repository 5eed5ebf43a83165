import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { PluginSource } from "#plugins/plugin-source.ts";
import { readPluginDirs } from "#plugins/plugin-source.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createTestHost } from "./plugin-test-host.ts";

// The example plugins, built from source by scripts/build-plugins.ts, behave as docs/plugins.md describes them.
const root = join(import.meta.dir, "../..");
let builtins: PluginSource[] = [];

beforeAll(async () => {
  if (
    !existsSync(join(root, "plugins/dice/build/dice.wasm")) ||
    !existsSync(join(root, "plugins/echo/build/echo.wasm"))
  ) {
    const build = Bun.spawn([process.execPath, "scripts/build-plugins.ts"], { cwd: root, stdout: "ignore" });
    await build.exited;
  }
  const { builtinPlugins } = await import("#plugins/builtin-plugins.ts");
  builtins = await builtinPlugins();
}, 60_000);

const alice = { character: { id: "c1", name: "Alice" }, locationId: "l1" };

async function loaded() {
  const t = createTestHost();
  await t.host.loadAll(builtins);
  return t;
}

describe("dice", () => {
  test("roll 2d6+1 poses the dice and the total to the room", async () => {
    const t = await loaded();
    expect(await t.host.runCommand({ command: "roll", args: "2d6+1", ...alice })).toEqual({});
    expect(t.events).toHaveLength(2);
    const [event, record] = t.events;
    expect(event).toMatchObject({
      stream: "location:l1",
      type: "pose",
      actor: { kind: "plugin", id: "dice" },
    });
    // The pose as the room reads it: name, a space, text.
    const message = `${String(event?.payload.name)} ${String(event?.payload.text)}`;
    const m = /^Alice rolls 2d6\+1: (\d) \+ (\d) \+ 1 = (\d+)$/.exec(message);
    expect(m).not.toBeNull();
    const [a, b, total] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    expect([a >= 1 && a <= 6, b >= 1 && b <= 6, total === a + b + 1]).toEqual([true, true, true]);
    expect(event?.payload).toEqual({ name: "Alice", text: message.slice("Alice ".length) });
    // The roll is recorded on the roller, in the dice plugin's namespace.
    expect(record).toMatchObject({
      stream: "world",
      type: "attribute_set",
      actor: { kind: "plugin", id: "dice" },
      payload: { kind: "character", id: "c1", name: "DICE.LASTROLL", value: `2d6+1: ${total}` },
    });
  });

  test("a game that takes attributes.write from dice still gets its rolls", async () => {
    const t = createTestHost({
      trust: { defaultProfile: "untrusted", plugins: { dice: { revoke: ["attributes.write"] } } },
    });
    await t.host.loadAll(builtins);
    expect(await t.host.runCommand({ command: "roll", args: "1d6", ...alice })).toEqual({});
    expect(t.events.map((e) => e.type)).toEqual(["pose"]);
    expect(t.audits.map((q) => q.capability)).toEqual(["attributes.write"]);
  });

  test.each([
    ["1000d1000", "You can roll 1 to 100 dice, not 1000."],
    [
      "abc",
      '"abc" is not a roll. Try: roll 2d6+1 (1 to 100 dice, 2 to 1000 sides, an optional + or - modifier).',
    ],
    ["", "Roll what? Try: roll 2d6+1 (1 to 100 dice, 2 to 1000 sides, an optional + or - modifier)."],
    ["2d1", "Dice have 2 to 1000 sides, not 1."],
    [
      "2d6+",
      '"2d6+" is not a roll. Try: roll 2d6+1 (1 to 100 dice, 2 to 1000 sides, an optional + or - modifier).',
    ],
  ])("roll %p is refused with a clear reply and nothing is posed", async (args, reply) => {
    const t = await loaded();
    expect(await t.host.runCommand({ command: "roll", args, ...alice })).toEqual({ reply });
    expect(t.events).toEqual([]);
  });

  test("a refused roll does not count as a failure of the plugin", async () => {
    const t = await loaded();
    for (let i = 0; i < 5; i++) await t.host.runCommand({ command: "roll", args: "abc", ...alice });
    expect(t.host.metrics().find((m) => m.plugin === "dice")).toMatchObject({
      state: "enabled",
      errors: 0,
      calls: 5,
    });
  });
});

describe("echo", () => {
  test("a say in a room is echoed back to its speaker, non-ASCII text intact", async () => {
    const t = await loaded();
    await t.host.deliverEvent({
      id: "e1",
      stream: "location:l1",
      type: "say",
      timestamp: 1,
      actor: { kind: "character", id: "c1" },
      payload: { text: 'héllo ☃ "quoted"' },
      position: 1,
      version: 1,
    });
    expect(t.notices).toEqual([{ characterId: "c1", text: 'Echo: héllo ☃ "quoted"' }]);
    expect(t.events).toEqual([]);
  });
});

describe("coin, in C", () => {
  test.skipIf(!existsSync(join(root, "plugins/coin/build/coin.wasm")))(
    "loads from the plugins directory and flip poses heads or tails",
    async () => {
      const t = createTestHost();
      const sources = await readPluginDirs([join(root, "plugins")], 1 << 20, collectingLogger().logger);
      await t.host.loadAll(sources.filter((s) => s.manifest.name === "coin"));
      await t.host.runCommand({ command: "flip", args: "", ...alice });
      const payload = t.events[0]?.payload;
      expect(payload).toEqual({ name: "Alice", text: expect.any(String) });
      expect(`${payload?.name} ${payload?.text}`).toMatch(/^Alice flips a coin: (heads|tails)\.$/);
    },
  );
});

describe("operating", () => {
  test("reload swaps the module after the queued calls, and list, disable and enable report the state", async () => {
    const t = await loaded();
    const dice = builtins.find((b) => b.manifest.name === "dice");
    if (!dice) throw new Error("dice is not built");
    const pending = t.host.runCommand({ command: "roll", args: "1d6", ...alice });
    const info = await t.host.reload("dice", { ...dice, manifest: { ...dice.manifest, version: "1.0.1" } });
    expect(await pending).toEqual({});
    expect(info).toMatchObject({
      name: "dice",
      version: "1.0.1",
      state: "enabled",
      commands: ["roll"],
    });
    expect(await t.host.disable("dice")).toMatchObject({ state: "disabled", reason: "disabled by an admin" });
    expect(
      await t.host.runCommand({ command: "roll", args: "1d6", ...alice }).catch((e: Error) => e.message),
    ).toBe("The dice plugin is disabled.");
    const enabled = await t.host.enable("dice");
    expect(enabled.state).toBe("enabled");
    expect(enabled.reason).toBeUndefined();
    expect(t.host.list().map((p) => `${p.name}@${p.version}`)).toEqual(["echo@1.0.0", "dice@1.0.1"]);
  });
});

describe("choosing the built-in plugins", () => {
  test("a game loads only the built-ins it names, and an unknown name is refused with the known ones", async () => {
    const { builtinPlugins } = await import("#plugins/builtin-plugins.ts");
    expect((await builtinPlugins(["dice"])).map((s) => s.manifest.name)).toEqual(["dice"]);
    expect(await builtinPlugins([])).toEqual([]);
    await expect(builtinPlugins(["dice", "ehco"])).rejects.toThrow(
      '--builtin-plugins: there is no built-in plugin called "ehco" (there are echo, dice, or none)',
    );
  });
});
