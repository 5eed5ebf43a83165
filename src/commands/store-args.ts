import type { ArgsDef } from "citty";
import { flagArgs } from "./flag-args.ts";

const storeFlagNames = ["config-dir", "data-dir", "database-url", "log-format"];

/** The flags that name a game's store (data directory or PostgreSQL URL), for backup, restore, export and import. */
export function storeArgs(): ArgsDef {
  const all = flagArgs("common", "core");
  return Object.fromEntries(Object.entries(all).filter(([name]) => storeFlagNames.includes(name)));
}
