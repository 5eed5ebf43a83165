import { describe, expect, test } from "bun:test";
import { markup } from "#shared/markup/markup.ts";
import { type Command, reply } from "./command.ts";
import { createCommandRegistry } from "./command-registry.ts";

const command = (name: string, more: Partial<Command> = {}): Command => ({
  name,
  help: `${name} - does ${name}.`,
  permission: "play",
  run: async () => reply([markup`${name}`]),
  ...more,
});

describe("command registry", () => {
  test("a line resolves by name, alias or prefix, with switches and trimmed arguments", () => {
    const registry = createCommandRegistry([
      command("say", { prefixes: ['"'] }),
      command("destroy", { aliases: ["nuke"] }),
    ]);
    expect(registry.resolve('"hello ')).toMatchObject({ kind: "command", args: "hello", word: '"' });
    expect(registry.resolve("  NUKE/Confirm  rock ")).toMatchObject({
      kind: "command",
      command: { name: "destroy" },
      args: "rock",
      word: "nuke",
      switches: ["confirm"],
    });
    expect(registry.resolve("dance wildly")).toEqual({ kind: "unknown", word: "dance", args: "wildly" });
    expect(registry.resolve("   ")).toEqual({ kind: "empty" });
    expect(registry.find("Destroy")?.name).toBe("destroy");
  });

  test("a +word runs the command of that word, and is unknown (a channel's to claim) when there is none", () => {
    const registry = createCommandRegistry([command("who"), command("finger", { aliases: ["+finger"] })]);
    expect(registry.resolve("+WHO")).toMatchObject({
      kind: "command",
      command: { name: "who" },
      word: "+who",
    });
    expect(registry.resolve("+finger Bob")).toMatchObject({ command: { name: "finger" }, args: "Bob" });
    expect(registry.resolve("+public hello")).toEqual({ kind: "unknown", word: "+public", args: "hello" });
  });

  test("a word claimed twice fails at start", () => {
    expect(() => createCommandRegistry([command("look", { aliases: ["l"] }), command("l")])).toThrow(
      '"l" is claimed by both look and l.',
    );
  });
});
