import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import type { Broadcaster } from "#core/broadcast/broadcaster.ts";
import { commandSeed } from "#core/events/command-ids.ts";
import { charStream, locationStream } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { HoloError, isHoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { createCursorWriter } from "./cursor-writer.ts";
import { createKeyedQueue } from "./keyed-queue.ts";
import { createLineCheck, type LineCheck } from "./line-check.ts";
import { createLiveConnections } from "./live-connections.ts";
import { createFollowRegistry, type StreamChange, storeChange } from "./session-following.ts";
import type { CommandKey, CommandResult, SessionRecord, SessionStore } from "./session-store.ts";
import { type Attached, type StreamItem, sessionStream } from "./session-stream.ts";
import { hashToken, newResumeToken, sameHash } from "./session-token.ts";

/** What a command runs with. */
export interface CommandContext {
  readonly session: SessionRecord;
  readonly character: Character;
  /** The seed of the command's event ids (see derivedIds). */
  readonly idSeed: string;
}

/** Sessions: attach, resume, detach, output streams, expiry and at-most-once commands. */
export interface SessionManager extends AsyncDisposable {
  attach(character: Character, connectionId: string): Promise<Attached>;
  /** Unknown, used or expired tokens are unauthenticated. */
  resume(token: string, connectionId: string): Promise<Attached>;
  /** The live session with this connection attached, and its character; else unauthenticated. */
  require(sessionId: string, connectionId: string): Promise<{ session: SessionRecord; character: Character }>;
  /** Detaches a connection and ends its output stream; announces the leave when it was the last. */
  detach(sessionId: string, connectionId: string): Promise<void>;
  /** A connection's output: replay after `afterPosition` (or the stored cursors), then live events. */
  stream(
    sessionId: string,
    connectionId: string,
    afterPosition: number | undefined,
    signal: AbortSignal,
  ): AsyncIterable<StreamItem>;
  /**
   * Runs a command at most once per key; a retry gets the first result with duplicate = true, even after
   * the connection detached. A session's commands run in arrival order. A re-run of a command whose
   * outcome was not recorded (a crash) gets the same `idSeed`. Given the `line`, a key already used for
   * another line is a protocol error (failed_precondition, logged), never answered with the old result.
   */
  runCommand(
    key: CommandKey,
    run: (context: CommandContext) => Promise<CommandResult>,
    line?: string,
  ): Promise<CommandResult & { duplicate: boolean }>;
  /** Characters whose session has a connection attached. */
  presence(): Promise<Character[]>;
  /**
   * Closes every connection of the character's session: each live stream ends with a `closed` item holding
   * `text`, the connections are detached, and the resume token stops working. Returns how many were closed.
   */
  boot(characterId: string, text: string): Promise<number>;
  /**
   * Changes the streams a character's session follows, effective after `position` (the event that caused
   * it, e.g. character_moved): its open outputs switch at once and its stored cursors follow, so a
   * detached session later replays a left stream up to `position` and a joined one after it.
   */
  followStreams(characterId: string, change: StreamChange, position: number): Promise<void>;
  /** Ends the character's session now (a guest who left): its outputs end and the record is deleted. */
  end(characterId: string): Promise<void>;
  /** Moves a connection to `character`'s session (`play`): its old stream ends with a `switched` item. */
  switchCharacter(sessionId: string, connectionId: string, character: Character): Promise<Attached>;
  /** Ends sessions detached for longer than the time-to-live; returns how many. */
  sweep(): Promise<number>;
  status(): { sessions: number; connections: number; streams: number };
}

/** What the session manager needs. */
export interface SessionManagerDeps {
  readonly store: SessionStore;
  readonly accounts: AccountStore;
  readonly events: EventStore;
  readonly broadcaster: Broadcaster;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly log: Logger;
  readonly ttlMs: number;
  readonly replayLimit: number;
  /** Streams a character follows beyond its location and `char:` stream (its channels); none by default. */
  readonly extraStreams?: (characterId: string) => Promise<readonly string[]>;
  /** Appends the connect or disconnect event of a character. */
  readonly announce: (character: Character, kind: "connect" | "disconnect") => Promise<void>;
  /** Checks that a retried key carries the line it first ran; a fresh random key per process by default. */
  readonly lineCheck?: LineCheck;
}

const gone = () => new HoloError("unauthenticated", "That session has ended. Please log in again.");

/** A stored result as the caller sees it: the line check stays in the store. */
const answered = (result: CommandResult, duplicate: boolean) => ({
  output: result.output,
  lastPosition: result.lastPosition,
  detach: result.detach,
  duplicate,
});

/** Creates the session manager. Sessions still marked attached from before a restart start their time-to-live now. */
export async function createSessionManager(deps: SessionManagerDeps): Promise<SessionManager> {
  const { store } = deps;
  const cursors = createCursorWriter(store, deps.log);
  const live = createLiveConnections();
  const follows = createFollowRegistry();
  const commandQueue = createKeyedQueue();
  const lineCheck = deps.lineCheck ?? createLineCheck();
  const counts = { sessions: 0, connections: 0 };
  const refreshCounts = async () => {
    const all = await store.list();
    counts.sessions = all.length;
    counts.connections = all.reduce((n, s) => n + s.connections.length, 0);
  };
  for (const s of await store.list())
    if (s.detachedAt === undefined) await store.setDetachedAt(s.id, deps.clock.now());
  await refreshCounts();

  const expired = (s: SessionRecord) =>
    s.detachedAt !== undefined && deps.clock.now() - s.detachedAt >= deps.ttlMs && !live.has(s.id);
  const characterOf = async (s: SessionRecord) => {
    const character = await deps.accounts.getCharacter(s.characterId);
    if (!character) throw gone();
    return character;
  };
  const streamsOf = async (c: Character) => [
    locationStream(c.locationId),
    charStream(c.id),
    ...((await deps.extraStreams?.(c.id)) ?? []),
  ];

  async function connect(
    session: SessionRecord,
    character: Character,
    connectionId: string,
    token: string,
    resumed: boolean,
  ): Promise<Attached> {
    const before = session.connections.length;
    const connections = await store.addConnection(session.id, connectionId);
    if (before === 0 && connections.length > 0) await deps.announce(character, "connect");
    await deps.accounts.markPlayed(character.id, deps.clock.now());
    await refreshCounts();
    return {
      session: { ...session, connections, detachedAt: undefined },
      character,
      resumeToken: token,
      resumed,
    };
  }

  async function create(character: Character, tokenHash: string): Promise<SessionRecord> {
    const position = await deps.events.lastPosition();
    const record: SessionRecord = {
      id: deps.newId(),
      characterId: character.id,
      createdAt: deps.clock.now(),
      detachedAt: undefined,
      tokenHash,
      cursors: Object.fromEntries((await streamsOf(character)).map((s) => [s, position])),
      connections: [],
    };
    await store.create(record);
    return record;
  }

  async function detach(sessionId: string, connectionId: string, final?: StreamItem) {
    const session = await store.get(sessionId);
    if (!session) throw gone();
    live.end(sessionId, connectionId, final);
    if (!session.connections.includes(connectionId)) return;
    const left = await store.removeConnection(sessionId, connectionId);
    if (left.length === 0) {
      await store.setDetachedAt(sessionId, deps.clock.now());
      await deps.announce(await characterOf(session), "disconnect");
    }
    await refreshCounts();
  }

  async function require(sessionId: string, connectionId: string) {
    const session = await store.get(sessionId);
    if (!session || expired(session) || !session.connections.includes(connectionId)) throw gone();
    return { session, character: await characterOf(session) };
  }

  const manager: SessionManager = {
    async attach(character, connectionId) {
      for (let attempt = 0; attempt < 3; attempt++) {
        let existing = await store.findByCharacter(character.id);
        if (existing && expired(existing)) {
          await store.delete(existing.id);
          existing = undefined;
        }
        const token = newResumeToken();
        const tokenHash = hashToken(token);
        if (!existing) {
          try {
            return await connect(await create(character, tokenHash), character, connectionId, token, false);
          } catch (error) {
            if (isHoloError(error, "already_exists")) continue;
            throw error;
          }
        }
        if (await store.replaceToken(existing.id, existing.tokenHash, tokenHash)) {
          return connect({ ...existing, tokenHash }, character, connectionId, token, true);
        }
      }
      throw new HoloError("conflict", "That character is being entered elsewhere; try again.");
    },
    async resume(token, connectionId) {
      const hash = hashToken(token);
      const session = await store.findByTokenHash(hash);
      if (!session || !sameHash(hash, session.tokenHash)) throw gone();
      if (expired(session)) {
        await store.delete(session.id);
        await refreshCounts();
        throw gone();
      }
      const next = newResumeToken();
      if (!(await store.replaceToken(session.id, hash, hashToken(next)))) throw gone();
      return connect(
        { ...session, tokenHash: hashToken(next) },
        await characterOf(session),
        connectionId,
        next,
        true,
      );
    },
    require,
    detach: (sessionId, connectionId) => detach(sessionId, connectionId),
    async *stream(sessionId, connectionId, afterPosition, signal) {
      const { session, character } = await require(sessionId, connectionId);
      let followed = await streamsOf(character);
      const fallback = afterPosition ?? (await deps.events.lastPosition());
      const ends = session.ends ?? {};
      const start = Object.fromEntries(
        [...followed, ...Object.keys(ends)].map((s) => [s, afterPosition ?? session.cursors[s] ?? fallback]),
      );
      using following = follows.open(sessionId, start, ends);
      const streams = () => [...new Set([...followed, ...following.streams()])];
      using subscription = deps.broadcaster.subscribe(streams());
      let rewound: Record<string, number> = {};
      following.onChange((_now, change, position) => {
        followed = [...followed.filter((s) => !change.remove?.includes(s)), ...(change.add ?? [])];
        subscription.setStreams(streams());
        if (position === undefined || !change.add?.length) return;
        // Events of a joined stream may have been dispatched before setStreams: re-read them from the join.
        for (const stream of change.add) rewound[stream] = position;
        subscription.catchUp();
      });
      const handle = live.start(sessionId, connectionId, signal);
      await store.setDetachedAt(sessionId, undefined);
      try {
        yield* sessionStream({
          events: deps.events,
          subscription,
          cursors: start,
          replayLimit: deps.replayLimit,
          privateStream: charStream(character.id),
          streams,
          rewind: () => {
            const taken = rewound;
            rewound = {};
            return taken;
          },
          accept: (event) =>
            following.streams().includes(event.stream)
              ? following.accepts(event)
              : followed.includes(event.stream),
          signal: handle.signal,
          delivered: (position) =>
            cursors.advance(sessionId, {
              ...Object.fromEntries(followed.map((s) => [s, position])),
              ...following.cursorsAt(position),
            }),
        });
        if (handle.final) yield handle.final;
      } finally {
        handle[Symbol.dispose]();
        if (!live.has(sessionId)) await store.setDetachedAt(sessionId, deps.clock.now()).catch(() => {});
      }
    },
    // Invariant: a session's commands run one at a time in arrival order, so a retry that arrives while
    // its first attempt runs waits for it and gets its result. No record is written before a command
    // runs: its seed comes from its key, so a re-run after a crash re-appends the same event ids and the
    // store's idempotent append keeps it from taking effect twice. The record of its result is
    // group-committed with other sessions' (group-commit.ts) and durable before the reply.
    runCommand: (key, run, line) =>
      commandQueue.run(key.sessionId, async () => {
        const session = await store.get(key.sessionId);
        if (!session || expired(session)) throw gone();
        const record = await store.findCommand(key);
        if (record?.result) {
          if (line !== undefined && !lineCheck.matches(record.result.lineCheck, line)) {
            deps.log.warn(
              `command ${key.sequence} of connection ${key.connectionId} on session ${key.sessionId} reuses its key for another line; refused`,
            );
            throw new HoloError(
              "failed_precondition",
              "That command number was already used for another line.",
            );
          }
          return answered(record.result, true);
        }
        if (!session.connections.includes(key.connectionId)) throw gone();
        const idSeed = record?.idSeed ?? commandSeed(key.sessionId, key.connectionId, key.sequence);
        const result = await run({ session, character: await characterOf(session), idSeed });
        const stored = line === undefined ? result : { ...result, lineCheck: lineCheck.of(line) };
        await store.completeCommand(key, idSeed, stored, deps.clock.now());
        return answered(result, false);
      }),
    async presence() {
      const attached = (await store.list()).filter((s) => s.connections.length > 0 && !expired(s));
      const characters = await Promise.all(attached.map((s) => deps.accounts.getCharacter(s.characterId)));
      return characters.filter((c): c is Character => c !== undefined);
    },
    async boot(characterId, text) {
      const session = await store.findByCharacter(characterId);
      if (!session || expired(session) || session.connections.length === 0) return 0;
      // Invariant: a booted connection's gateway cannot resume the session with the old token.
      await store.replaceToken(session.id, session.tokenHash, hashToken(newResumeToken()));
      for (const connectionId of session.connections)
        await detach(session.id, connectionId, { kind: "closed", text });
      return session.connections.length;
    },
    async followStreams(characterId, change, position) {
      const session = await store.findByCharacter(characterId);
      if (!session) return;
      const { add, end } = storeChange(change, position);
      await store.followStreams(session.id, add, end);
      follows.change(session.id, change, position);
    },
    async end(characterId) {
      const session = await store.findByCharacter(characterId);
      if (!session) return;
      for (const connectionId of session.connections) live.end(session.id, connectionId);
      await store.delete(session.id);
      await refreshCounts();
    },
    async switchCharacter(sessionId, connectionId, character) {
      const attached = await manager.attach(character, connectionId);
      await detach(sessionId, connectionId, { kind: "switched", attached });
      return attached;
    },
    async sweep() {
      let ended = 0;
      for (const s of await store.list()) {
        if (!expired(s)) continue;
        await store.delete(s.id);
        ended += 1;
      }
      if (ended > 0) await refreshCounts();
      return ended;
    },
    status: () => ({ ...counts, streams: live.size }),
    async [Symbol.asyncDispose]() {
      live.endAll();
      await cursors.flush();
    },
  };
  return manager;
}
