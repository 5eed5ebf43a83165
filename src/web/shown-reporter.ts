import type { Timers } from "#shared/util/timers.ts";
import { type KeyValueStore, readJson, writeJson } from "./key-value-store.ts";

/**
 * What this tab has shown of its session: told to the gateway a few times a second (the gateway moves the
 * session's cursor only by it), and kept in storage so a reopened tab never shows an event twice.
 */
export interface ShownReporter {
  /** The session now played; another session than the stored one starts from nothing shown. */
  session(session: string): void;
  /** The tab showed the events up to `position`. */
  shown(position: number): void;
  /** The last position shown in the current session; 0 before any. */
  readonly last: number;
  /** Sends a position not yet sent, now (the tab is being hidden or closed). */
  flush(): void;
}

/** What the reporter needs. */
export interface ShownReporterDeps {
  readonly store: KeyValueStore;
  readonly timers: Timers;
  /** Sends a `shown` frame; false when the socket is not open (sent again with the next position). */
  readonly send: (position: number) => boolean;
  /** How long positions gather before one frame goes. */
  readonly delayMs?: number;
}

const key = "holomush.shown";

/** Creates the reporter over `store` (localStorage in the browser). */
export function createShownReporter(deps: ShownReporterDeps): ShownReporter {
  const stored = readJson(deps.store, key) as { session?: unknown; position?: unknown } | undefined;
  let session = typeof stored?.session === "string" ? stored.session : "";
  let last = typeof stored?.position === "number" ? stored.position : 0;
  let sent = last;
  let cancel: (() => void) | undefined;

  const flush = () => {
    cancel?.();
    cancel = undefined;
    if (last > sent && deps.send(last)) sent = last;
  };

  return {
    session(next) {
      if (next === session) return;
      session = next;
      last = 0;
      sent = 0;
      writeJson(deps.store, key, { session, position: 0 });
    },
    shown(position) {
      if (position <= last) return;
      last = position;
      writeJson(deps.store, key, { session, position });
      cancel ??= deps.timers.after(deps.delayMs ?? 250, flush);
    },
    get last() {
      return last;
    },
    flush,
  };
}
