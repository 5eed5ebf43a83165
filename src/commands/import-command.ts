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
    description: "An export made by holomush export",
  },
  ...flags,
} as const;

/** `holomush import <file>`: rebuilds a game (events, accounts, plugin data) from an export into an empty store. */
export const importCommand = defineCommand({
  meta: {
    name: "import",
    description:
      "Rebuild a game (events, accounts, plugin data) from an export into an EMPTY store (same ids and positions); a bad line stores nothing",
  },
  args,
  run: async ({ rawArgs, args: given }) => {
    assertKnownArgs(rawArgs, args);
    const { loadCoreConfig } = await import("#shared/config/process-config.ts");
    const { createLogger } = await import("#shared/log/logger.ts");
    const { buildInfo } = await import("#shared/version.ts");
    const { readLines } = await import("./archive-files.ts");
    const config = loadCoreConfig(givenFlags(given, flags));
    const log = createLogger({ service: "cli", version: buildInfo().version, format: config.logFormat });
    const file = resolve(String(given.file));
    const lines = readLines(file);
    if (config.databaseUrl) {
      const { importPostgres } = await import("#core/store/postgres/postgres-event-archive.ts");
      const trailer = await importPostgres(config.databaseUrl, lines, log);
      process.stdout.write(`imported ${trailer.events} events into the PostgreSQL database\n`);
      return;
    }
    const { importEmbedded } = await import("#core/store/embedded/embedded-archive-io.ts");
    const { embeddedStorePath } = await import("#core/store/open-embedded-stores.ts");
    const path = embeddedStorePath(config);
    const trailer = await importEmbedded(path, lines, log);
    process.stdout.write(`imported ${trailer.events} events into ${path}\n`);
  },
});
