import { describe, expect, test } from "bun:test";
import { parseManifest } from "./manifest.ts";

const yaml = `
name: dice
version: 1.2.3
entry: build/dice.wasm
subscriptions:
  - types: [say]
    streams: ["location:*"]
commands:
  - name: roll
    help: roll some dice
capabilities: [events.emit.location:*, events.subscribe.location:*]
`;

describe("a plugin manifest", () => {
  test("parses from YAML into a whole manifest", () => {
    expect(parseManifest(yaml)).toEqual({
      name: "dice",
      version: "1.2.3",
      entry: "build/dice.wasm",
      subscriptions: [{ types: ["say"], streams: ["location:*"] }],
      commands: [{ name: "roll", help: "roll some dice" }],
      capabilities: ["events.emit.location:*", "events.subscribe.location:*"],
    });
  });

  test("parses from JSON too", () => {
    expect(parseManifest('{"name":"x","version":"0.1.0","entry":"x.wasm"}')).toMatchObject({
      name: "x",
      commands: [],
    });
  });

  const base = { name: "x", version: "1.0.0", entry: "x.wasm" };
  test.each([
    [{ ...base, name: "Bad Name" }, '"name" must be lowercase'],
    [{ ...base, version: "one" }, '"version" must be semantic'],
    [{ ...base, entry: "../../etc/passwd.wasm" }, '"entry" must be a .wasm file'],
    [{ ...base, extra: 1 }, 'unknown field "extra"'],
    [{ ...base, capabilities: ["root"] }, '"root" is not a capability'],
    [{ ...base, commands: [{ name: "roll" }] }, "commands[0].help must be text"],
    [
      {
        ...base,
        commands: [
          { name: "a", help: "h" },
          { name: "a", help: "h" },
        ],
      },
      'command "a" is registered twice',
    ],
    [
      { ...base, subscriptions: [{ types: ["say"], streams: ["world"] }] },
      'needs the capability "events.subscribe.world"',
    ],
    [{ ...base, subscriptions: [{ types: ["say"] }] }, 'needs "types" and "streams"'],
  ])("is refused with a clear message: %j", (manifest, message) => {
    expect(() => parseManifest(JSON.stringify(manifest), "test.yaml")).toThrow(message);
  });

  test("text that is not YAML is refused as invalid_argument", () => {
    expect(() => parseManifest("name: [unclosed", "p.yaml")).toThrow(
      "Plugin manifest p.yaml: not valid YAML or JSON.",
    );
  });
});
