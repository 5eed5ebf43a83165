import type { NewEvent } from "#core/events/event.ts";
import type { PluginDataStore, PluginWorldReads } from "#core/plugin-bridge/core-plugins.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { ModuleCache } from "./module-cache.ts";
import type { PluginHostConfig } from "./plugin-host-config.ts";

/** What the plugin host needs from the core; the composition root fills it in. */
export interface PluginHostDeps {
  /** Appends all events atomically, or none. */
  readonly appendEvents: (events: readonly NewEvent[]) => Promise<void>;
  /**
   * Tells one character something from `plugin` (text is already stripped of control characters), as the
   * event `id`: drawn from the call's id source, so a re-run command re-appends the same notice.
   */
  readonly notify: (characterId: string, text: string, plugin: string, id: string) => Promise<void>;
  readonly world: PluginWorldReads;
  readonly kv: PluginDataStore;
  readonly log: Logger;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly config: PluginHostConfig;
  /** Tells admins about a plugin problem, such as a plugin disabled after repeated failures. */
  readonly adminNotice: (text: string) => void;
  /** A monotonic ms timer for budgets; defaults to performance.now. */
  readonly monotonic?: () => number;
  /** Instrumented modules kept across starts; without it every load instruments its module. */
  readonly moduleCache?: ModuleCache;
  /** Random 32-bit seeds handed to plugins in each call; defaults to crypto. */
  readonly seed?: () => number;
}
