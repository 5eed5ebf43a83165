/** A session as stored: a character's presence, outliving its connections until its time-to-live runs out. */
export interface SessionRecord {
  readonly id: string;
  readonly characterId: string;
  readonly createdAt: number;
  /** Since when no connection has been live; undefined while one is. Drives the time-to-live. */
  readonly detachedAt: number | undefined;
  /** SHA-256 (base64url) of the current resume token; the token itself is never stored. */
  readonly tokenHash: string;
  /** Per stream, the position of the last event handed to a connection. */
  readonly cursors: Readonly<Record<string, number>>;
  /**
   * Streams being left (a move, a channel left): per stream, the last position still delivered. Absent
   * when none. A stream's cursor is dropped once it reaches its end.
   */
  readonly ends?: Readonly<Record<string, number>>;
  /** The gateway's ids of the attached connections, in attach order. */
  readonly connections: readonly string[];
}

/** Which command a connection sent: the core applies each at most once. */
export interface CommandKey {
  readonly sessionId: string;
  readonly connectionId: string;
  readonly sequence: number;
}

/** What a command produced, returned again on a retry. */
export interface CommandResult {
  readonly output: readonly string[];
  readonly lastPosition: number;
  readonly detach: boolean;
  /**
   * Set on a stored result only: a keyed check of the line that ran (line-check.ts), so a key reused for
   * another line is refused instead of answered with this result. Absent on records of older cores.
   */
  readonly lineCheck?: string;
}

/**
 * A command's record. Commands take their id seed from their key (commandSeed), so none is recorded
 * before a command runs; a record without a result is one begun by an older core, whose seed it keeps.
 */
export interface CommandRecord {
  /** The seed of the command's event ids, so a re-run after a crash re-appends the same ids. */
  readonly idSeed: string;
  /** Undefined for a command begun by an older core and never completed. */
  readonly result: CommandResult | undefined;
}

/**
 * Sessions, their connections and cursors, and applied commands. Unknown ids are undefined or no-ops;
 * an unreachable store throws HoloError("unavailable").
 */
export interface SessionStore {
  /** Stores a new session; a character that already has one throws already_exists. */
  create(record: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  findByCharacter(characterId: string): Promise<SessionRecord | undefined>;
  findByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  /** Every session. */
  list(): Promise<SessionRecord[]>;
  /** Swaps the token hash only if it is still `expected`; false when another attach won. */
  replaceToken(id: string, expected: string, next: string): Promise<boolean>;
  /** Attaches a connection (no-op if attached) and clears detachedAt; returns the connections now. */
  addConnection(id: string, connectionId: string): Promise<string[]>;
  /** Detaches a connection (no-op if not attached); returns the connections left. */
  removeConnection(id: string, connectionId: string): Promise<string[]>;
  /** Sets or clears the time since which the session has no live connection. */
  setDetachedAt(id: string, at: number | undefined): Promise<void>;
  /** Raises each stream's cursor to the given position; a cursor never moves back. */
  advanceCursors(id: string, cursors: Readonly<Record<string, number>>): Promise<void>;
  /**
   * Changes the followed streams: each `add` stream is followed after the given position (its cursor is
   * set there, even if lower), each `end` stream is followed up to the given position only. Unknown
   * sessions are a no-op. See session-following.ts.
   */
  followStreams(
    id: string,
    add: Readonly<Record<string, number>>,
    end: Readonly<Record<string, number>>,
  ): Promise<void>;
  /** Deletes a session with its connections, cursors and command records. */
  delete(id: string): Promise<void>;
  /** The record of a command, if one was stored. */
  findCommand(key: CommandKey): Promise<CommandRecord | undefined>;
  /**
   * Records a command as done, durably before it resolves; the first result recorded is kept. A no-op once
   * the session is gone. Adapters commit the records (and cursors) of one tick together (group-commit.ts).
   */
  completeCommand(key: CommandKey, idSeed: string, result: CommandResult, at: number): Promise<void>;
}
