// Invariant: reflect-metadata must be the first import of the entry file, or @peculiar/x509 breaks in the compiled binary.
import "reflect-metadata";
import { defineCommand } from "citty";
import { runCli } from "#commands/run-cli.ts";

/** The holomush command tree; each subcommand is loaded only when it is used. */
const main = defineCommand({
  meta: {
    name: "holomush",
    description: "HoloMUSH: a modern MUSH server (core + gateway for telnet and the web)",
  },
  subCommands: {
    core: () => import("#commands/core-command.ts").then((m) => m.coreCommand),
    gateway: () => import("#commands/gateway-command.ts").then((m) => m.gatewayCommand),
    status: () => import("#commands/status-command.ts").then((m) => m.statusCommand),
    migrate: () => import("#commands/migrate-command.ts").then((m) => m.migrateCommand),
    backup: () => import("#commands/backup-command.ts").then((m) => m.backupCommand),
    restore: () => import("#commands/restore-command.ts").then((m) => m.restoreCommand),
    export: () => import("#commands/export-command.ts").then((m) => m.exportCommand),
    import: () => import("#commands/import-command.ts").then((m) => m.importCommand),
    dev: () => import("#commands/dev-command.ts").then((m) => m.devCommand),
  },
});

await runCli(main, process.argv.slice(2));
