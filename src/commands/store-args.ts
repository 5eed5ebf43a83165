import type { ArgsDef } from "citty";
import { flagArgs } from "./flag-args.ts";

/**
 * The flags that name a game's store (its directories, or a PostgreSQL URL) for backup, restore, export and
 * import: every common flag, so the directory flags given to other commands work here too.
 */
export function storeArgs(): ArgsDef {
  const core = flagArgs("core");
  return { ...flagArgs("common"), ...(core["database-url"] ? { "database-url": core["database-url"] } : {}) };
}
