import { type StoredEvent, validateNewEvent } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";

/** The first line of every export: what the file is and which version of the format it uses. */
export const ARCHIVE_HEADER = { format: "holomush-events", version: 1 } as const;

/** The last line of every export: how many events came before it, so a file cut at a line boundary is caught. */
export interface ArchiveTrailer {
  readonly end: true;
  readonly events: number;
  readonly lastPosition: number;
}

/** Where an export reads events from: pages in position order, up to a position fixed when the export starts. */
export interface EventArchiveSource {
  /** The position of the newest event now; the export stops there, so a live game gives a consistent prefix. */
  head(): Promise<number>;
  /** Events with afterPosition < position ≤ upTo, in position order, at most `limit`. */
  page(afterPosition: number, upTo: number, limit: number): Promise<StoredEvent[]>;
}

/** Where an import writes: an empty store inside one transaction, kept only when `commit` is called. */
export interface EventArchiveTarget {
  /** Stores a batch of checked events with their own ids, positions and versions. */
  insert(events: readonly StoredEvent[]): Promise<void>;
}

const PAGE = 1000;

/** One JSON line per event, with every stored field. */
export function archiveLine(event: StoredEvent): string {
  const { id, position, version, stream, type, timestamp, actor, payload } = event;
  return JSON.stringify({ id, position, version, stream, type, timestamp, actor, payload });
}

/**
 * Writes the header, every event up to the source's head in position order, then the trailer, through `write`
 * (which should wait for backpressure). Returns the trailer.
 */
export async function writeEventArchive(
  source: EventArchiveSource,
  write: (chunk: string) => Promise<void>,
): Promise<ArchiveTrailer> {
  const upTo = await source.head();
  await write(`${JSON.stringify(ARCHIVE_HEADER)}\n`);
  let after = 0;
  let count = 0;
  for (;;) {
    const events = await source.page(after, upTo, PAGE);
    if (events.length === 0) break;
    await write(`${events.map(archiveLine).join("\n")}\n`);
    count += events.length;
    after = (events.at(-1) as StoredEvent).position;
  }
  const trailer: ArchiveTrailer = { end: true, events: count, lastPosition: after };
  await write(`${JSON.stringify(trailer)}\n`);
  return trailer;
}

function refuse(lineNumber: number, why: string): HoloError {
  return new HoloError("invalid_argument", `line ${lineNumber}: ${why}; nothing was imported`);
}

function parseJson(line: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw refuse(lineNumber, "not a JSON line (is the file truncated or corrupt?)");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw refuse(lineNumber, "not a JSON object");
  }
  return value as Record<string, unknown>;
}

/** Checks one event line: every field well formed, and the position and version follow the ones before. */
function parseEvent(
  fields: Record<string, unknown>,
  lineNumber: number,
  lastPosition: number,
  versions: Map<string, number>,
): StoredEvent {
  const { id, position, version, stream, type, timestamp, actor, payload } = fields;
  if (!Number.isSafeInteger(position) || (position as number) <= lastPosition) {
    throw refuse(lineNumber, `position must be an integer above ${lastPosition}`);
  }
  const event = { id, position, version, stream, type, timestamp, actor, payload } as StoredEvent;
  try {
    validateNewEvent(event);
  } catch (error) {
    throw refuse(lineNumber, error instanceof Error ? error.message : String(error));
  }
  const expected = (versions.get(event.stream) ?? 0) + 1;
  if (event.version !== expected) {
    throw refuse(lineNumber, `version of stream ${event.stream} must be ${expected}`);
  }
  versions.set(event.stream, expected);
  return event;
}

/**
 * Reads an export line by line and inserts its events into `target` in batches. Throws
 * HoloError("invalid_argument") naming the line of the first problem (a bad header, a malformed or out-of-order
 * event, a missing or wrong trailer); the caller then discards the target's transaction. Returns the trailer.
 */
export async function readEventArchive(
  lines: AsyncIterable<string>,
  target: EventArchiveTarget,
): Promise<ArchiveTrailer> {
  let lineNumber = 0;
  let lastPosition = 0;
  let trailer: ArchiveTrailer | undefined;
  const versions = new Map<string, number>();
  let batch: StoredEvent[] = [];
  for await (const line of lines) {
    lineNumber++;
    if (trailer) throw refuse(lineNumber, "text after the end line");
    const fields = parseJson(line, lineNumber);
    if (lineNumber === 1) {
      if (fields.format !== ARCHIVE_HEADER.format || fields.version !== ARCHIVE_HEADER.version) {
        throw refuse(lineNumber, `not a HoloMUSH export (expected ${JSON.stringify(ARCHIVE_HEADER)})`);
      }
      continue;
    }
    if (fields.end === true) {
      const count = lineNumber - 2;
      if (fields.events !== count || fields.lastPosition !== lastPosition) {
        throw refuse(
          lineNumber,
          `the end line says ${String(fields.events)} events, the file holds ${count}`,
        );
      }
      trailer = { end: true, events: count, lastPosition };
      continue;
    }
    const event = parseEvent(fields, lineNumber, lastPosition, versions);
    lastPosition = event.position;
    batch.push(event);
    if (batch.length >= PAGE) {
      await target.insert(batch);
      batch = [];
    }
  }
  if (lineNumber === 0) throw refuse(1, "the file is empty");
  if (!trailer) throw refuse(lineNumber, "the end line is missing (is the file truncated?)");
  if (batch.length > 0) await target.insert(batch);
  return trailer;
}
