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
    description: "A backup made by holomush backup",
  },
  ...flags,
} as const;

/** `holomush restore <file>`: puts a checked backup into an empty data directory (or an empty PostgreSQL database). */
export const restoreCommand = defineCommand({
  meta: {
    name: "restore",
    description:
      "Restore a backup into an EMPTY data directory (checked first; nothing is overwritten), or into an empty PostgreSQL database with pg_restore",
  },
  args,
  run: async ({ rawArgs, args: given }) => {
    assertKnownArgs(rawArgs, args);
    const { loadCoreConfig, processEnv } = await import("#shared/config/process-config.ts");
    const config = loadCoreConfig(givenFlags(given, flags));
    const file = resolve(String(given.file));
    if (config.databaseUrl) {
      const { pgRestorePlan, runPgTool } = await import("./pg-tool.ts");
      await runPgTool(pgRestorePlan(config.databaseUrl, file), processEnv());
      process.stdout.write(`restored ${file} into the PostgreSQL database\n`);
      return;
    }
    const { restoreEmbedded } = await import("#core/store/embedded/embedded-backup.ts");
    const summary = restoreEmbedded(file, config.paths.dataDir, "holomush.db");
    process.stdout.write(
      `restored ${file} into ${config.paths.dataDir}: ${summary.events} events, ${summary.players} players, schema ${summary.schemaVersion}\n`,
    );
  },
});
