/**
 * A position per stream, for the few streams one connection follows, in insertion order as a Map: a flat
 * list [stream, position, ...] searched in turn, or a Map once it holds more than MAX_LISTED streams. Every
 * connection keeps a few of these for its life, and a list of a few streams costs a fraction of a Map's table.
 */
export type StreamPositions = (string | number)[] | Map<string, number>;

/** Past this many streams, the positions move to a Map. */
const MAX_LISTED = 8;

const indexOf = (list: (string | number)[], stream: string) => {
  for (let i = 0; i < list.length; i += 2) if (list[i] === stream) return i;
  return -1;
};

/** New positions, with `entries` first. */
export function streamPositions(entries: Iterable<readonly [string, number]> = []): StreamPositions {
  let positions: StreamPositions = [];
  for (const [stream, position] of entries) positions = setPosition(positions, stream, position);
  return positions;
}

export function positionOf(positions: StreamPositions, stream: string): number | undefined {
  if (positions instanceof Map) return positions.get(stream);
  const at = indexOf(positions, stream);
  return at < 0 ? undefined : (positions[at + 1] as number);
}

export function hasPosition(positions: StreamPositions, stream: string): boolean {
  return positions instanceof Map ? positions.has(stream) : indexOf(positions, stream) >= 0;
}

/** Sets the stream's position; returns the positions to keep from now on (a Map once the list is full). */
export function setPosition(positions: StreamPositions, stream: string, position: number): StreamPositions {
  if (positions instanceof Map) return positions.set(stream, position);
  const at = indexOf(positions, stream);
  if (at >= 0) positions[at + 1] = position;
  else if (positions.length < MAX_LISTED * 2) positions.push(stream, position);
  else return new Map(pairsOf(positions)).set(stream, position);
  return positions;
}

/** Removes the stream's position; true when it had one. */
export function deletePosition(positions: StreamPositions, stream: string): boolean {
  if (positions instanceof Map) return positions.delete(stream);
  const at = indexOf(positions, stream);
  if (at < 0) return false;
  positions.splice(at, 2);
  return true;
}

/** The streams, in the order they were first set. */
export function streamsOf(positions: StreamPositions): string[] {
  return positions instanceof Map ? [...positions.keys()] : pairsOf(positions).map(([stream]) => stream);
}

function pairsOf(list: (string | number)[]): [string, number][] {
  const pairs: [string, number][] = [];
  for (let i = 0; i < list.length; i += 2) pairs.push([list[i] as string, list[i + 1] as number]);
  return pairs;
}
