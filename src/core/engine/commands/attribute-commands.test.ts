import { describe, expect, test } from "bun:test";
import { MAX_ATTRIBUTE_VALUE_BYTES } from "#core/world/attribute-rules.ts";
import { engineHarness, testCharacter, typeAndPayload } from "../test-support/engine-harness.ts";

const alice = testCharacter("CA", "Alice");
const bob = testCharacter("CB", "Bob");

describe("attributes", () => {
  test("&NAME and @set set an attribute by its upper-case name, and an empty value clears it", async () => {
    const { run, world } = await engineHarness([alice]);
    const set = await run(alice, "&mood me = happy");
    expect(set.output).toEqual(["Set MOOD on Alice."]);
    expect(typeAndPayload(set.events)).toEqual([
      { type: "attribute_set", payload: { kind: "character", id: "CA", name: "MOOD", value: "happy" } },
    ]);
    expect((await run(alice, "@set here = NOTE:hello", "admin")).output).toEqual(["Set NOTE on The Lobby."]);
    expect(world.state().locations.get("lobby")?.attributes).toEqual({ NOTE: "hello" });
    expect((await run(alice, "&MOOD me =")).output).toEqual(["Cleared MOOD on Alice."]);
    expect((await run(alice, "@set me = MOOD:")).output).toEqual(["Alice has no MOOD attribute."]);
    expect(world.state().characters.get("CA")?.attributes).toEqual({});
  });

  test("&DESC sets the description itself", async () => {
    const { run, world } = await engineHarness([alice]);
    expect((await run(alice, "&desc me = Tall.")).output).toEqual(["Described Alice."]);
    expect(world.state().characters.get("CA")?.description).toBe("Tall.");
  });

  test.each([
    ["@set me = MY MOOD:x", "An attribute name cannot hold spaces."],
    ["@set me = :x", "An attribute needs a name."],
    ["@set me = MO!OD:x", "An attribute name may hold only letters, digits, '_', '-' and '.'."],
    [`&${"A".repeat(65)} me = x`, "An attribute name may be at most 64 characters."],
    [
      "@set me = MOOD",
      "Usage: @set <target> = <attribute>:<value>. Flags are set with: flag <target> = <flag>",
    ],
    ["&MOOD = x", "Usage: &<attribute> <target> = <value> (an empty value clears it)."],
    ["&MOOD nobody = x", "I don't see 'nobody' here."],
  ])("%p is refused: %p", async (line, reply) => {
    const { run, events } = await engineHarness([alice]);
    const before = await events.lastPosition();
    expect((await run(alice, line)).output).toEqual([reply]);
    expect(await events.lastPosition()).toBe(before);
  });

  test("a value over the cap is refused with the cap, a megabyte included, and nothing is written", async () => {
    const { run, engine, as, events } = await engineHarness([alice]);
    const before = await events.lastPosition();
    const over = "x".repeat(MAX_ATTRIBUTE_VALUE_BYTES + 1);
    // A command line stops at 4 KiB before any attribute rule; the rule itself is what a plugin meets.
    await expect(engine.execute(as(alice), `&BIG me = ${"x".repeat(1 << 20)}`)).rejects.toThrow(
      "at most 4096 bytes",
    );
    const { checkAttributeValue } = await import("#core/world/attribute-rules.ts");
    expect(() => checkAttributeValue(over)).toThrow(`at most ${MAX_ATTRIBUTE_VALUE_BYTES} bytes`);
    expect(() => checkAttributeValue("x".repeat(1 << 20))).toThrow(
      `at most ${MAX_ATTRIBUTE_VALUE_BYTES} bytes`,
    );
    expect((await run(alice, "&MOOD me = a\u0007b")).output).toEqual([
      "An attribute value cannot hold control characters or invisible formatting.",
    ]);
    expect(await events.lastPosition()).toBe(before);
  });

  test("setting needs modify on the thing: a player may not set attributes on the Lobby or on someone else", async () => {
    const { run, world } = await engineHarness([alice, bob]);
    expect((await run(alice, "&NOTE here = mine")).output).toEqual([
      "You may not set attributes on The Lobby.",
    ]);
    expect((await run(alice, "&MOOD bob = sad")).output).toEqual(["You may not set attributes on Bob."]);
    expect(world.state().characters.get("CB")?.attributes ?? {}).toEqual({});
  });
});

describe("plugin attributes", () => {
  const plugins = new Set(["DICE", "REPUTATION"]);
  /** Writes an attribute as the plugin host does: a world event by the plugin. */
  const pluginSets = async (
    world: Awaited<ReturnType<typeof engineHarness>>["world"],
    plugin: string,
    id: string,
    name: string,
    value: string,
  ) =>
    world.change(() => ({
      events: [
        {
          id: `P-${name.replace(".", "_")}`,
          stream: "world",
          type: "attribute_set",
          timestamp: 0,
          actor: { kind: "plugin" as const, id: plugin },
          payload: { kind: "character", id, name, value },
        },
      ],
      value: undefined,
    }));

  test("no character may set or clear an attribute in a loaded plugin's namespace, admins included", async () => {
    const { run, world, events } = await engineHarness([alice], {}, { pluginNamespaces: plugins });
    await pluginSets(world, "dice", "CA", "DICE.LASTROLL", "2d6: 7");
    const before = await events.lastPosition();
    expect((await run(alice, "&dice.lastroll me = 6d6: 36")).output).toEqual([
      "DICE.LASTROLL belongs to the dice plugin; only it may change it.",
    ]);
    expect((await run(alice, "@set me = DICE.LASTROLL:", "admin")).output).toEqual([
      "DICE.LASTROLL belongs to the dice plugin; only it may change it.",
    ]);
    expect(await events.lastPosition()).toBe(before);
    expect(world.state().characters.get("CA")?.attributes).toEqual({ "DICE.LASTROLL": "2d6: 7" });
    // Names with a dot outside any plugin's namespace stay the players'.
    expect((await run(alice, "&NOTES.DAY1 me = rain")).output).toEqual(["Set NOTES.DAY1 on Alice."]);
  });

  test("examine shows a plugin's attributes with the others", async () => {
    const { run, world } = await engineHarness([alice], {}, { pluginNamespaces: plugins });
    await pluginSets(world, "dice", "CA", "DICE.LASTROLL", "2d6: 7");
    await run(alice, "&MOOD me = happy");
    const out = (await run(alice, "examine me")).output;
    expect(out.slice(out.indexOf("Attributes:"))).toEqual([
      "Attributes:",
      "  DICE.LASTROLL: 2d6: 7",
      "  MOOD: happy",
    ]);
  });

  test("a policy reads a plugin's attributes as tags, and a player's look-alike attribute is no tag", async () => {
    const { run, world, permissions, as } = await engineHarness(
      [alice, bob],
      {},
      {
        pluginNamespaces: plugins,
      },
    );
    const trustedBuild = `permit (principal, action == Action::"build", resource) when { principal.hasTag("REPUTATION.TRUSTED") && principal.getTag("REPUTATION.TRUSTED") == "yes" };`;
    await permissions.library.set(
      "trusted-build",
      trustedBuild,
      (type, payload) => ({
        id: "P-policy",
        stream: "policy",
        type,
        timestamp: 0,
        actor: { kind: "character", id: "admin" },
        payload,
      }),
      () => {},
    );
    expect((await permissions.decide(as(alice), "build", { kind: "game" })).allowed).toBe(false);
    await pluginSets(world, "reputation", "CA", "REPUTATION.TRUSTED", "yes");
    expect(await permissions.decide(as(alice), "build", { kind: "game" })).toMatchObject({
      allowed: true,
      policyIds: ["trusted-build"],
    });
    // Bob's own MOOD.TRUSTED is a player's attribute, not a tag, whatever its name says.
    await run(bob, "&MOOD.TRUSTED me = yes");
    expect((await permissions.decide(as(bob), "build", { kind: "game" })).allowed).toBe(false);
  });
});
