import { resolve } from "node:path";
import { defineCommand } from "citty";
import { givenFlags } from "./flag-args.ts";
import { storeArgs } from "./store-args.ts";
import { assertKnownArgs } from "./strict-args.ts";

const flags = storeArgs();
const args = {
  file: {
    type: "positional",
    required: false,
    valueHint: "file",
    description: "Where to write the export (standard output when absent or -)",
  },
  ...flags,
} as const;

/** `holomush export [file]`: every event as JSON Lines, from either store, while the game runs. */
export const exportCommand = defineCommand({
  meta: {
    name: "export",
    description:
      "Write every event (ids, positions, streams, types, actors, timestamps, payloads), then the accounts and plugin data, as JSON Lines",
  },
  args,
  run: async ({ rawArgs, args: given }) => {
    assertKnownArgs(rawArgs, args);
    const { loadCoreConfig } = await import("#shared/config/process-config.ts");
    const { createLogger } = await import("#shared/log/logger.ts");
    const { writeOutput } = await import("./archive-files.ts");
    const { buildInfo } = await import("#shared/version.ts");
    const config = loadCoreConfig(givenFlags(given, flags));
    const named = typeof given.file === "string" && given.file !== "-" ? resolve(given.file) : undefined;
    const databaseUrl = config.databaseUrl;
    const trailer = await writeOutput(named, async (write) => {
      if (databaseUrl) {
        const { exportPostgres } = await import("#core/store/postgres/postgres-event-archive.ts");
        const log = createLogger({ service: "cli", version: buildInfo().version, format: config.logFormat });
        return exportPostgres(databaseUrl, write, log);
      }
      const { exportEmbedded } = await import("#core/store/embedded/embedded-archive-io.ts");
      const { embeddedStorePath } = await import("#core/store/open-embedded-stores.ts");
      return exportEmbedded(embeddedStorePath(config), write);
    });
    if (named) process.stderr.write(`exported ${trailer.events} events to ${named}\n`);
  },
});
