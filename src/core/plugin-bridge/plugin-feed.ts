import type { EventStore } from "#core/events/event-store.ts";
import { describeError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { CorePlugins } from "./core-plugins.ts";
import type { PluginWorldModel } from "./plugin-world-model.ts";

/** What the plugin feed reads and feeds. */
export interface PluginFeedDeps {
  readonly events: EventStore;
  /** Deliver events committed after this position. */
  readonly afterPosition: number;
  readonly plugins: CorePlugins;
  readonly world: PluginWorldModel;
  readonly log: Logger;
}

/** Event types after which the plugins' view of who is connected is re-read (moves are in the projection). */
const presenceTypes: ReadonlySet<string> = new Set(["connect", "disconnect", "crowd_presence"]);

/**
 * Feeds every committed event, in position order, to the plugins. It reads the store's live feed, so a
 * plugin only ever sees durable events. Delivery is queued per plugin, never awaited here: a slow or
 * hostile plugin fills its own bounded queue and loses its own events, and no one else waits.
 */
export function startPluginFeed(deps: PluginFeedDeps): AsyncDisposable {
  const stop = new AbortController();
  const loop = (async () => {
    try {
      for await (const event of deps.events.subscribe(deps.afterPosition, stop.signal)) {
        if (presenceTypes.has(event.type)) {
          await deps.world.refresh().catch((error: unknown) => {
            deps.log.warn("plugin world refresh failed", { error: describeError(error) });
          });
        }
        void deps.plugins.deliver(event);
      }
    } catch (error) {
      if (!stop.signal.aborted) deps.log.error("plugin feed failed", { error: describeError(error) });
    }
  })();
  return {
    async [Symbol.asyncDispose]() {
      stop.abort();
      await loop;
    },
  };
}
