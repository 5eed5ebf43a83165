import { resolve } from "node:path";
import { defineCommand } from "citty";
import { givenFlags } from "./flag-args.ts";
import { storeArgs } from "./store-args.ts";
import { assertKnownArgs } from "./strict-args.ts";

const flags = storeArgs();
const args = {
  file: {
    type: "positional",
    required: true,
    valueHint: "file",
    description: "Where to write the backup (replaced whole if it exists)",
  },
  ...flags,
} as const;

/** `holomush backup <file>`: a consistent copy of the store, taken while the game runs. */
export const backupCommand = defineCommand({
  meta: {
    name: "backup",
    description:
      "Copy the store to <file> while the game runs (embedded: SQLite's VACUUM INTO; PostgreSQL: pg_dump, or the command to run)",
  },
  args,
  run: async ({ rawArgs, args: given }) => {
    assertKnownArgs(rawArgs, args);
    const { loadCoreConfig, processEnv } = await import("#shared/config/process-config.ts");
    const config = loadCoreConfig(givenFlags(given, flags));
    const file = resolve(String(given.file));
    if (config.databaseUrl) {
      const { pgDumpPlan, runPgTool } = await import("./pg-tool.ts");
      await runPgTool(pgDumpPlan(config.databaseUrl, file), processEnv());
      process.stdout.write(`PostgreSQL backup written to ${file} (restore with: holomush restore ${file})\n`);
      return;
    }
    const { backupEmbedded } = await import("#core/store/embedded/embedded-backup.ts");
    const { embeddedStorePath } = await import("#core/store/open-embedded-stores.ts");
    const source = embeddedStorePath(config);
    const summary = backupEmbedded(source, file);
    process.stdout.write(
      `backed up ${source} to ${file}: ${summary.events} events, ${summary.players} players, schema ${summary.schemaVersion}\n`,
    );
  },
});
