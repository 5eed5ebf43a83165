// Rewrites src/gen/help/help-files.ts, the module that embeds help/**/*.md in the binary.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { listHelpSources, renderHelpFilesModule } from "#core/help/help-files-module.ts";

const root = join(import.meta.dir, "..");
const target = join(root, "src", "gen", "help", "help-files.ts");
const paths = await listHelpSources(root);
mkdirSync(join(root, "src", "gen", "help"), { recursive: true });
await Bun.write(target, renderHelpFilesModule(paths));
console.log(`wrote ${target} with ${paths.length} topics`);
