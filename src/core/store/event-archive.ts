import { type StoredEvent, validateNewEvent } from "#core/events/event.ts";
import { HoloError } from "#shared/errors/holo-error.ts";

/**
 * The first line of every export: what the file is and which version of the format it uses. Version 2 adds
 * the rows of the tables that hold a game outside its events (accounts, page blocks, plugin data); a version 1
 * file (events only) still imports.
 */
export const ARCHIVE_HEADER = { format: "holomush-events", version: 2 } as const;
const READABLE_VERSIONS: readonly number[] = [1, 2];

/**
 * The last line of every export: how many events and table rows came before it, so a file cut at a line
 * boundary is caught.
 */
export interface ArchiveTrailer {
  readonly end: true;
  readonly events: number;
  readonly lastPosition: number;
  readonly rows?: number;
}

/** How a table column's value is checked on import: text or integer, and whether it may be null. */
type ColumnKind = "text" | "int" | "text?" | "int?";

/**
 * The tables an export carries besides the events, in the order they are written and imported (a character
 * needs its player first), with their columns. Sessions, cursors and projections are left out: a session is
 * opened again at the next login, and projections are rebuilt from the events.
 */
export const ARCHIVE_TABLES = {
  players: {
    id: "text",
    name: "text",
    name_key: "text",
    password_hash: "text",
    role: "text",
    created_at: "int",
    name_skeleton: "text?",
  },
  characters: {
    id: "text",
    player_id: "text",
    name: "text",
    name_key: "text",
    location_id: "text",
    created_at: "int",
    last_played_at: "int?",
    name_skeleton: "text?",
  },
  page_blocks: { character_id: "text", blocked_id: "text", created_at: "int" },
  plugin_data: { plugin: "text", key: "text", value: "text" },
} as const satisfies Record<string, Record<string, ColumnKind>>;

export type ArchiveTable = keyof typeof ARCHIVE_TABLES;
/** One row of an archived table, column name to value. */
export type ArchiveRow = Readonly<Record<string, string | number | null>>;

/** The archived tables' names, in write and import order. */
export const archiveTableNames = Object.keys(ARCHIVE_TABLES) as ArchiveTable[];

/** The archived table's column names, in a fixed order for inserts. */
export function archiveColumns(table: ArchiveTable): string[] {
  return Object.keys(ARCHIVE_TABLES[table]);
}

/** Where an export reads events from: pages in position order, up to a position fixed when the export starts. */
export interface EventArchiveSource {
  /** The position of the newest event now; the export stops there, so a live game gives a consistent prefix. */
  head(): Promise<number>;
  /** Events with afterPosition < position ≤ upTo, in position order, at most `limit`. */
  page(afterPosition: number, upTo: number, limit: number): Promise<StoredEvent[]>;
  /** Every row of an archived table, with the columns of `ARCHIVE_TABLES`, in primary key order. */
  rows(table: ArchiveTable): Promise<ArchiveRow[]>;
}

/** Where an import writes: an empty store inside one transaction, kept only when `commit` is called. */
export interface EventArchiveTarget {
  /** Stores a batch of checked events with their own ids, positions and versions. */
  insert(events: readonly StoredEvent[]): Promise<void>;
  /** Stores checked rows of an archived table as they are. */
  insertRows(table: ArchiveTable, rows: readonly ArchiveRow[]): Promise<void>;
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
  let rows = 0;
  for (const table of archiveTableNames) {
    const found = await source.rows(table);
    for (let i = 0; i < found.length; i += PAGE) {
      const page = found.slice(i, i + PAGE).map((row) => JSON.stringify({ table, row }));
      await write(`${page.join("\n")}\n`);
    }
    rows += found.length;
  }
  const trailer: ArchiveTrailer = { end: true, events: count, lastPosition: after, rows };
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

function isKind(value: unknown, kind: ColumnKind): boolean {
  if (value === null) return kind.endsWith("?");
  return kind.startsWith("text") ? typeof value === "string" : Number.isSafeInteger(value);
}

/** Checks one table line: a known table, exactly its columns, each value of the column's kind. */
function parseRow(
  fields: Record<string, unknown>,
  lineNumber: number,
): { table: ArchiveTable; row: ArchiveRow } {
  const { table, row } = fields;
  if (typeof table !== "string" || !Object.hasOwn(ARCHIVE_TABLES, table)) {
    throw refuse(lineNumber, `unknown table ${JSON.stringify(table)}`);
  }
  const columns: Record<string, ColumnKind> = ARCHIVE_TABLES[table as ArchiveTable];
  if (typeof row !== "object" || row === null || Array.isArray(row)) {
    throw refuse(lineNumber, `the ${table} row is not a JSON object`);
  }
  const values = row as Record<string, unknown>;
  for (const [column, kind] of Object.entries(columns)) {
    if (!isKind(values[column] ?? null, kind)) {
      throw refuse(lineNumber, `the ${table} row's ${column} must be ${kind.replace("?", " or null")}`);
    }
  }
  const extra = Object.keys(values).find((column) => !Object.hasOwn(columns, column));
  if (extra) throw refuse(lineNumber, `the ${table} row has an unknown column ${extra}`);
  return { table: table as ArchiveTable, row: values as ArchiveRow };
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
  let events = 0;
  let rows = 0;
  let rowBatch: { table: ArchiveTable; rows: ArchiveRow[] } | undefined;
  let tableIndex = 0;
  const flushRows = async () => {
    if (rowBatch && rowBatch.rows.length > 0) await target.insertRows(rowBatch.table, rowBatch.rows);
    rowBatch = undefined;
  };
  for await (const line of lines) {
    lineNumber++;
    if (trailer) throw refuse(lineNumber, "text after the end line");
    const fields = parseJson(line, lineNumber);
    if (lineNumber === 1) {
      if (fields.format !== ARCHIVE_HEADER.format || !READABLE_VERSIONS.includes(fields.version as number)) {
        throw refuse(lineNumber, `not a HoloMUSH export (expected ${JSON.stringify(ARCHIVE_HEADER)})`);
      }
      continue;
    }
    if (fields.end === true) {
      if (fields.events !== events || fields.lastPosition !== lastPosition) {
        throw refuse(
          lineNumber,
          `the end line says ${String(fields.events)} events, the file holds ${events}`,
        );
      }
      if ((fields.rows ?? 0) !== rows) {
        throw refuse(
          lineNumber,
          `the end line says ${String(fields.rows)} table rows, the file holds ${rows}`,
        );
      }
      trailer = { end: true, events, lastPosition, ...(fields.rows === undefined ? {} : { rows }) };
      continue;
    }
    if (fields.table !== undefined) {
      const { table, row } = parseRow(fields, lineNumber);
      const order = archiveTableNames.indexOf(table);
      if (order < tableIndex) throw refuse(lineNumber, `a ${table} row after the rows of a later table`);
      tableIndex = order;
      if (batch.length > 0) {
        await target.insert(batch);
        batch = [];
      }
      if (rowBatch?.table !== table) await flushRows();
      rowBatch ??= { table, rows: [] };
      rowBatch.rows.push(row);
      rows++;
      if (rowBatch.rows.length >= PAGE) await flushRows();
      continue;
    }
    if (rows > 0) throw refuse(lineNumber, "an event after the table rows");
    events++;
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
  await flushRows();
  return trailer;
}
