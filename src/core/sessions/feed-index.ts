import { createLeanMultimap } from "./lean-multimap.ts";

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
  // A stream with one watcher (a character's own stream, an empty room's) costs no Set.
  const byStream = createLeanMultimap<string, W>();
  const byWatcher = new Map<W, readonly string[]>();

  const remove = (watcher: W) => {
    for (const stream of byWatcher.get(watcher) ?? []) byStream.delete(stream, watcher);
    byWatcher.delete(watcher);
  };

  return {
    set(watcher, streams) {
      remove(watcher);
      const unique = [...new Set(streams)];
      for (const stream of unique) byStream.add(stream, watcher);
      byWatcher.set(watcher, unique);
    },
    remove,
    watchersOf: (stream) => (byStream.has(stream) ? byStream.valuesOf(stream) : undefined),
    countOf: (stream) => byStream.countOf(stream),
    get size() {
      return byWatcher.size;
    },
  };
}
