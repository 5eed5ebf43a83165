// Rewrites the generated command list in docs/commands.md from the game's command registry.
import { join } from "node:path";
import { renderCommandsDoc, spliceCommandsDoc } from "#core/engine/commands-doc.ts";
import { startTestGame } from "#core/game/test-support/game-harness.ts";

const path = join(import.meta.dir, "..", "docs", "commands.md");
await using t = await startTestGame();
const doc = await Bun.file(path).text();
await Bun.write(path, spliceCommandsDoc(doc, renderCommandsDoc(t.game.engine.commands())));
console.log(`updated the command list in ${path}`);
