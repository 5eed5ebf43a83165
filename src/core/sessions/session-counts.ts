import type { SessionStore } from "./session-store.ts";

/** Sessions and attached connections, counted from the store after each change that can alter them. */
export interface SessionCounts {
  /** Recounts from the store. */
  refresh(): Promise<void>;
  /** The counts as of the last refresh. */
  current(): { sessions: number; connections: number };
}

/** Creates the counts; call refresh once before reading them. */
export function createSessionCounts(store: SessionStore): SessionCounts {
  const counts = { sessions: 0, connections: 0 };
  return {
    async refresh() {
      const all = await store.list();
      counts.sessions = all.length;
      counts.connections = all.reduce((n, s) => n + s.connections.length, 0);
    },
    current: () => ({ ...counts }),
  };
}
