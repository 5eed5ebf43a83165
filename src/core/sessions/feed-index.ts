/** Which watchers follow which stream, so an event reaches only the watchers of its stream. */
export interface FeedIndex<W> {
  /** Sets the streams `watcher` follows (replacing its previous ones). */
  set(watcher: W, streams: readonly string[]): void;
  /** Removes `watcher` from every stream. */
  remove(watcher: W): void;
  /** The watchers of `stream`, or undefined when none. */
  watchersOf(stream: string): ReadonlySet<W> | undefined;
  /** How many watchers are indexed. */
  readonly size: number;
}

/**
 * Creates an index from stream to watchers. Invariant: a dispatch costs O(watchers of the event's stream),
 * never O(all watchers); set and remove cost O(streams of that watcher).
 */
export function createFeedIndex<W>(): FeedIndex<W> {
  const byStream = new Map<string, Set<W>>();
  const byWatcher = new Map<W, readonly string[]>();

  const remove = (watcher: W) => {
    for (const stream of byWatcher.get(watcher) ?? []) {
      const set = byStream.get(stream);
      set?.delete(watcher);
      if (set?.size === 0) byStream.delete(stream);
    }
    byWatcher.delete(watcher);
  };

  return {
    set(watcher, streams) {
      remove(watcher);
      const unique = [...new Set(streams)];
      for (const stream of unique) {
        const set = byStream.get(stream);
        if (set) set.add(watcher);
        else byStream.set(stream, new Set([watcher]));
      }
      byWatcher.set(watcher, unique);
    },
    remove,
    watchersOf: (stream) => byStream.get(stream),
    get size() {
      return byWatcher.size;
    },
  };
}
