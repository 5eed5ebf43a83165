/** Something watched per connection of a session. */
export interface ConnectionWatch {
  readonly sessionId: string;
  readonly connectionId: string;
}

/** The watch of each connection, found by session and connection. */
export interface SessionWatches<W extends ConnectionWatch> {
  /** The watch of this connection, if one is recorded. */
  get(sessionId: string, connectionId: string): W | undefined;
  /** Records `watch` as its connection's, replacing the one recorded before. */
  set(watch: W): void;
  /** Forgets `watch`, only if it is still the one recorded for its connection. */
  delete(watch: W): void;
}

/**
 * Creates the map. A session with one watch (the usual case) maps to that watch itself, more to a list of
 * them, so no key is made per connection.
 */
export function createSessionWatches<W extends ConnectionWatch>(): SessionWatches<W> {
  const bySession = new Map<string, W | W[]>();
  return {
    get(sessionId, connectionId) {
      const now = bySession.get(sessionId);
      if (Array.isArray(now)) return now.find((w) => w.connectionId === connectionId);
      return now?.connectionId === connectionId ? now : undefined;
    },
    set(watch) {
      const now = bySession.get(watch.sessionId);
      if (now === undefined || (!Array.isArray(now) && now.connectionId === watch.connectionId))
        bySession.set(watch.sessionId, watch);
      else if (!Array.isArray(now)) bySession.set(watch.sessionId, [now, watch]);
      else {
        const at = now.findIndex((w) => w.connectionId === watch.connectionId);
        if (at >= 0) now[at] = watch;
        else now.push(watch);
      }
    },
    delete(watch) {
      const now = bySession.get(watch.sessionId);
      if (now === watch) bySession.delete(watch.sessionId);
      else if (Array.isArray(now)) {
        const at = now.indexOf(watch);
        if (at < 0) return;
        now.splice(at, 1);
        if (now.length === 1) bySession.set(watch.sessionId, now[0] as W);
      }
    },
  };
}
