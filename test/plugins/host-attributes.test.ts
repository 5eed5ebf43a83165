import { afterEach, describe, expect, test } from "bun:test";
import { createPluginSlot, prepareRecord } from "#plugins/plugin-slot.ts";
import { type Data, guest, lit } from "./guest-modules.ts";
import { createTestHost, go, testAttributes, testSource } from "./plugin-test-host.ts";

afterEach(() => testAttributes.clear());

/** A guest that calls holomush_attributes with each request in turn and outputs the last reply. */
function attributesGuest(requests: readonly object[], last: "reply" | "trap" = "reply") {
  let at = 0;
  const data: Data[] = requests.map((r) => {
    const d = { at, text: JSON.stringify(r) };
    at += d.text.length + 8;
    return d;
  });
  const calls = data.map((d) => `(call $attributes (call $block ${lit(d)}))`);
  const body = [...calls.slice(0, -1).map((c) => `(drop ${c})`), `(call $reply ${calls.at(-1)})`];
  if (last === "trap") body.push("(unreachable)");
  return guest(body.join("\n"), { data });
}

async function run(name: string, requests: readonly object[], options: { trap?: boolean } = {}) {
  const t = createTestHost({ trust: { defaultProfile: "trusted", plugins: {} } });
  const wasm = attributesGuest(requests, options.trap ? "trap" : "reply");
  const source = testSource(name, wasm, { capabilities: ["attributes.read", "attributes.write"] });
  const slot = createPluginSlot(await prepareRecord(source, t.deps), t.deps);
  const outcome = await slot.call("handle_command", go(name));
  await slot.close();
  return { t, outcome };
}

const setRoll = { op: "set", kind: "character", id: "c1", name: "lastroll", value: "2d6: 7" };

describe("holomush_attributes", () => {
  test("a set writes the attribute in the plugin's namespace, by the plugin, as a world event", async () => {
    const { t, outcome } = await run("dice", [setRoll]);
    expect(outcome).toMatchObject({ kind: "ok", output: { ok: true, name: "DICE.LASTROLL" } });
    expect(t.events).toEqual([
      {
        id: "ev000001",
        stream: "world",
        type: "attribute_set",
        timestamp: expect.any(Number),
        actor: { kind: "plugin", id: "dice" },
        payload: { kind: "character", id: "c1", name: "DICE.LASTROLL", value: "2d6: 7" },
      },
    ]);
  });

  test("another plugin's namespace is out of reach: its name only nests under the writer's own", async () => {
    testAttributes.set("character:c1", { "DICE.LASTROLL": "2d6: 7" });
    const { t, outcome } = await run("cheat", [
      { op: "set", kind: "character", id: "c1", name: "DICE.LASTROLL", value: "6d6: 36" },
      { op: "clear", kind: "character", id: "c1", name: "DICE.LASTROLL" },
    ]);
    expect(outcome).toMatchObject({ kind: "ok", output: { ok: true, cleared: true } });
    expect(t.events.map((e) => [e.type, (e.payload as { name: string }).name])).toEqual([
      ["attribute_set", "CHEAT.DICE.LASTROLL"],
      ["attribute_cleared", "CHEAT.DICE.LASTROLL"],
    ]);
  });

  test("a read sees what is stored, other plugins' and players' included, and the call's own writes", async () => {
    testAttributes.set("character:c1", { MOOD: "happy", "DICE.LASTROLL": "1d6: 3" });
    const { outcome } = await run("reputation", [
      { op: "set", kind: "character", id: "c1", name: "trusted", value: "yes" },
      { op: "get", kind: "character", id: "c1" },
    ]);
    expect(outcome).toMatchObject({
      kind: "ok",
      output: {
        ok: true,
        attributes: { MOOD: "happy", "DICE.LASTROLL": "1d6: 3", "REPUTATION.TRUSTED": "yes" },
      },
    });
    const one = await run("reputation", [{ op: "get", kind: "character", id: "c1", name: "mood" }]);
    expect(one.outcome).toMatchObject({ output: { ok: true, value: "happy" } });
  });

  test("nothing is written when the call fails", async () => {
    const { t, outcome } = await run("dice", [setRoll], { trap: true });
    expect(outcome.kind).toBe("failed");
    expect(t.events).toEqual([]);
  });

  test("clearing an attribute that is not there writes nothing", async () => {
    const { t, outcome } = await run("dice", [{ op: "clear", kind: "location", id: "l1", name: "x" }]);
    expect(outcome).toMatchObject({ output: { ok: true, name: "DICE.X", cleared: false } });
    expect(t.events).toEqual([]);
  });

  test.each([
    [{ ...setRoll, id: "nobody" }, "not_found", 'There is no character "nobody".'],
    [
      { ...setRoll, kind: "channel" },
      "invalid_argument",
      '"kind" must be character, location, exit or object.',
    ],
    [{ ...setRoll, op: "delete" }, "invalid_argument", '"op" must be get, set or clear.'],
    [{ ...setRoll, name: "last roll" }, "invalid_argument", "An attribute name cannot hold spaces."],
    [
      { ...setRoll, value: "a\u001b[31mred" },
      "invalid_argument",
      "An attribute value cannot hold control characters or invisible formatting.",
    ],
  ])("a bad request %o is an error reply: %s", async (request, code, message) => {
    const { t, outcome } = await run("dice", [request]);
    expect(outcome).toMatchObject({ kind: "ok", output: { ok: false, error: { code, message } } });
    expect(t.events).toEqual([]);
  });
});
