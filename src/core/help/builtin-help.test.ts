import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startTestGame } from "#core/game/test-support/game-harness.ts";
import { PLUGIN_ADMIN_COMMAND } from "#core/plugin-bridge/plugin-commands.ts";
import { helpFiles } from "#gen/help/help-files.ts";
import { listHelpSources, renderHelpFilesModule } from "./help-files-module.ts";
import { createHelpIndex } from "./help-index.ts";
import { parseBuiltinHelp } from "./help-library.ts";
import { renderHelpMarkdown } from "./render-help.ts";

const root = join(import.meta.dir, "../../..");
const index = createHelpIndex(parseBuiltinHelp(helpFiles));

describe("the built-in help topics (help/**/*.md)", () => {
  test("src/gen/help/help-files.ts embeds every file under help/ (run scripts/help-files.ts after adding one)", async () => {
    const generated = await Bun.file(join(root, "src/gen/help/help-files.ts")).text();
    expect(generated).toBe(renderHelpFilesModule(await listHelpSources(root)));
    expect(helpFiles.length).toBe((await listHelpSources(root)).length);
  });

  test("every command in the command table, and the plugin admin command, has a topic of its name", async () => {
    await using t = await startTestGame();
    const names = [...t.game.engine.commands().map((c) => c.name), PLUGIN_ADMIN_COMMAND.name];
    expect(names.filter((name) => index.find(name)?.name !== name)).toEqual([]);
  });

  test.each(["newbie", "commands", "building", "communication", "channels", "colour"])(
    "there is a topic on %s",
    (name) => {
      expect(index.find(name)?.name).toBe(name);
    },
  );

  test("every topic renders to lines no wider than a terminal, except code kept as written", () => {
    for (const file of parseBuiltinHelp(helpFiles)) {
      const lines = renderHelpMarkdown(file.body).filter((l) => !l.startsWith("    "));
      expect({
        topic: file.name,
        wide: lines.filter((l) => l.replaceAll("%[bold]", "").replaceAll("%[/]", "").length > 78),
      }).toEqual({
        topic: file.name,
        wide: [],
      });
    }
  });

  test("every topic named in a 'See also' exists", () => {
    const missing = parseBuiltinHelp(helpFiles).flatMap((t) =>
      [...(/See also: (.*)/.exec(t.body)?.[1] ?? "").matchAll(/\*\*([^*]+)\*\*/g)]
        .map((m) => m[1] as string)
        .filter((name) => !index.find(name))
        .map((name) => `${t.name} -> ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
