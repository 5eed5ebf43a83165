import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startTestGame } from "#core/game/test-support/game-harness.ts";
import { COMMANDS_DOC_MARKERS, renderCommandsDoc, spliceCommandsDoc } from "./commands-doc.ts";

describe("docs/commands.md", () => {
  test("its command list is the registry's help text (run scripts/commands-doc.ts after changing a command)", async () => {
    await using t = await startTestGame();
    const doc = await Bun.file(join(import.meta.dir, "../../../docs/commands.md")).text();
    expect(doc).toContain(COMMANDS_DOC_MARKERS.begin);
    expect(spliceCommandsDoc(doc, renderCommandsDoc(t.game.engine.commands()))).toBe(doc);
  });

  test("every registered command has a help line that starts with its usage", async () => {
    await using t = await startTestGame();
    for (const command of t.game.engine.commands()) {
      expect(command.help).toMatch(/ - \S/);
    }
  });
});
