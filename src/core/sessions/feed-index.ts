/** Which watchers follow which stream, so an event reaches only the watchers of its stream. */
export interface FeedIndex<W> {
  /** Sets the streams `watcher` follows (replacing its previous ones). */
  set(watcher: W, streams: readonly string[]): void;
  /** Removes `watcher` from every stream. */
  remove(watcher: W): void;
  /** The watchers of `stream`, or undefined when none. */
  watchersOf(stream: string): Iterable<W> | undefined;
  /** How many watchers `stream` has. */
  countOf(stream: string): number;
  /** How many watchers are indexed. */
  readonly size: number;
}

/**
 * Creates an index from stream to watchers. Invariant: a dispatch costs O(watchers of the event's stream),
 * never O(all watchers); set and remove cost O(streams of that watcher).
 */
export function createFeedIndex<W>(): FeedIndex<W> {
  // A stream with one watcher (a character's own stream, an empty room's) maps to that watcher itself, not
  // to a set of one: a set is made only for a second watcher. Watchers are never Sets themselves.
  const byStream = new Map<string, W | Set<W>>();
  const byWatcher = new Map<W, readonly string[]>();

  const remove = (watcher: W) => {
    for (const stream of byWatcher.get(watcher) ?? []) {
      const now = byStream.get(stream);
      if (now === watcher) byStream.delete(stream);
      else if (now instanceof Set) {
        now.delete(watcher);
        if (now.size === 0) byStream.delete(stream);
      }
    }
    byWatcher.delete(watcher);
  };

  return {
    set(watcher, streams) {
      remove(watcher);
      const unique = [...new Set(streams)];
      for (const stream of unique) {
        const now = byStream.get(stream);
        if (now === undefined) byStream.set(stream, watcher);
        else if (now instanceof Set) now.add(watcher);
        else byStream.set(stream, new Set([now, watcher]));
      }
      byWatcher.set(watcher, unique);
    },
    remove,
    watchersOf(stream) {
      const now = byStream.get(stream);
      if (now === undefined) return undefined;
      return now instanceof Set ? (now as Set<W>) : [now as W];
    },
    countOf(stream) {
      const now = byStream.get(stream);
      return now === undefined ? 0 : now instanceof Set ? now.size : 1;
    },
    get size() {
      return byWatcher.size;
    },
  };
}
