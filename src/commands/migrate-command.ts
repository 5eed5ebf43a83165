import { defineCommand } from "citty";
import { flagArgs } from "./flag-args.ts";
import { assertKnownArgs } from "./strict-args.ts";

const args = flagArgs("common", "core");

/** `holomush migrate`: applies pending store migrations and exits. */
export const migrateCommand = defineCommand({
  meta: {
    name: "migrate",
    description: "Apply pending database migrations (embedded store, or --database-url)",
  },
  args,
  run: async ({ rawArgs, args: given }) => {
    assertKnownArgs(rawArgs, args);
    const { loadCoreConfig } = await import("#shared/config/process-config.ts");
    const { createLogger } = await import("#shared/log/logger.ts");
    const { buildInfo } = await import("#shared/version.ts");
    const { openStores } = await import("#core/store/open-stores.ts");
    const config = loadCoreConfig(given);
    const log = createLogger({ service: "cli", version: buildInfo().version, format: config.logFormat });
    await using store = await openStores(config, log);
    process.stdout.write(`${store.kind} store at ${store.location} is up to date\n`);
  },
});
