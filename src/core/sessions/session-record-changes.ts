import type { SessionRecord } from "./session-store.ts";

type Positions = Readonly<Record<string, number>>;

/** The record with `cursors` and `ends`, dropping each stream whose cursor reached its end; `ends` only when non-empty. */
function withCursors(s: SessionRecord, cursors: Record<string, number>, ends: Record<string, number>) {
  for (const [stream, end] of Object.entries(ends)) {
    if ((cursors[stream] ?? end) >= end) {
      delete cursors[stream];
      delete ends[stream];
    }
  }
  const { ends: _old, ...rest } = s;
  return Object.keys(ends).length > 0 ? { ...rest, cursors, ends } : { ...rest, cursors };
}

/** SessionStore.advanceCursors on one record: each cursor rises to the given position, never falls. */
export function cursorsAdvanced(s: SessionRecord, cursors: Positions): SessionRecord {
  const next = { ...s.cursors };
  for (const [stream, position] of Object.entries(cursors)) {
    next[stream] = Math.max(next[stream] ?? 0, position);
  }
  return withCursors(s, next, { ...s.ends });
}

/** SessionStore.followStreams on one record: `add` streams start at their position, `end` streams stop at theirs. */
export function streamsFollowed(s: SessionRecord, add: Positions, end: Positions): SessionRecord {
  const cursors = { ...s.cursors };
  const ends: Record<string, number> = { ...s.ends };
  for (const [stream, position] of Object.entries(add)) {
    cursors[stream] = position;
    delete ends[stream];
  }
  for (const [stream, position] of Object.entries(end)) if (stream in cursors) ends[stream] = position;
  return withCursors(s, cursors, ends);
}
