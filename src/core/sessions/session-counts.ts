import type { SessionStore } from "./session-store.ts";

/** Sessions and attached connections, counted from the store after each change that can alter them. */
export interface SessionCounts {
  /** Recounts from the store; resolves once a count begun after this call has finished. */
  refresh(): Promise<void>;
  /** The counts as of the last refresh. */
  current(): { sessions: number; connections: number };
}

/**
 * Creates the counts; call refresh once before reading them. A recount asks the store to count (it never
 * reads each session), and refreshes asked for while one runs share a single next recount.
 */
export function createSessionCounts(store: SessionStore): SessionCounts {
  const counts = { sessions: 0, connections: 0 };
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const recount = async () => {
    Object.assign(counts, await store.count());
  };
  const start = (): Promise<void> => {
    running = recount().finally(() => {
      running = undefined;
    });
    return running;
  };
  return {
    refresh() {
      if (running === undefined) return start();
      // Invariant: the shared recount starts after the running one, so it sees every change made before this call.
      next ??= running
        .catch(() => undefined)
        .then(() => {
          next = undefined;
          return start();
        });
      return next;
    },
    current: () => ({ ...counts }),
  };
}
