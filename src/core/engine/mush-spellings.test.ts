import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestGame, type TestGame } from "#core/game/test-support/game-harness.ts";
import { createCommandRegistry } from "./command-registry.ts";
import { renderCommandsDoc } from "./commands-doc.ts";

// The spellings a PennMUSH or TinyMUX player types from habit, and the command each must reach. `examine` is
// not here: it belongs to the attributes work.
const spellings: readonly (readonly [typed: string, command: string])[] = [
  ["@dig", "dig"],
  ["@open", "open"],
  ["@link", "link"],
  ["@unlink", "unlink"],
  ["@name", "name"],
  ["@desc", "describe"],
  ["@describe", "describe"],
  ["@create", "create"],
  ["@destroy", "destroy"],
  ["@tel", "teleport"],
  ["@teleport", "teleport"],
  ["@emit", "emit"],
  ["@pemit", "pemit"],
  ["@remit", "remit"],
  ["@oemit", "oemit"],
  ["@boot", "boot"],
  ["@chown", "chown"],
  ["@lock", "lock"],
  ["@unlock", "unlock"],
  ["@motd", "motd"],
  ["@doing", "doing"],
  ["+who", "who"],
  ["+finger", "finger"],
  ["+help", "help"],
  ["WHO", "who"],
  ["think", "think"],
  ["home", "home"],
  ["where", "where"],
  ["last", "last"],
  ["idle", "idle"],
  ["doing", "doing"],
  ["finger", "finger"],
];

describe("MUSH spellings", () => {
  let t: TestGame;
  beforeAll(async () => {
    t = await startTestGame();
  });
  afterAll(() => t[Symbol.asyncDispose]());

  test.each(spellings)(
    "%s reaches %s, and docs/commands.md lists it on that command's row",
    async (typed, name) => {
      const commands = t.game.engine.commands();
      expect(createCommandRegistry(commands).resolve(`${typed} x`)).toMatchObject({
        kind: "command",
        command: { name },
      });
      const row = renderCommandsDoc(commands)
        .split("\n")
        .find((line) => line.startsWith(`| \`${name}\` |`));
      const words =
        typed === name || typed.toLowerCase() === name ? `\`${name}\`` : `\`${typed.toLowerCase()}\``;
      expect(row).toContain(words);
    },
  );

  test("a +word with no command of its own still talks on a channel", async () => {
    const registry = createCommandRegistry(t.game.engine.commands());
    expect(registry.resolve("+public hello")).toEqual({ kind: "unknown", word: "+public", args: "hello" });
  });
});
