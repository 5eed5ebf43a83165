import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import type { Broadcaster } from "#core/broadcast/broadcaster.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { systemTimers, type Timers } from "#shared/util/timers.ts";
import type { Attached } from "./attached.ts";
import { type CommandContext, createCommandRunner } from "./command-runner.ts";
import { createCursorWriter } from "./cursor-writer.ts";
import { createFeedHub, type FeedHub } from "./feed-hub.ts";
import type { FeedWatch } from "./feed-watch.ts";
import type { LineCheck } from "./line-check.ts";
import { createLiveConnections } from "./live-connections.ts";
import { createPresentCharacters } from "./present-characters.ts";
import { createSessionAttachments } from "./session-attachments.ts";
import {
  createFollowRegistry,
  type FollowChangeOf,
  type StreamChange,
  storeChange,
} from "./session-following.ts";
import { openSessionIndex } from "./session-index.ts";
import { createSessionLookup } from "./session-lookup.ts";
import type { CommandKey, CommandResult, SessionRecord, SessionStore } from "./session-store.ts";

/** Sessions: attach, resume, detach, the gateways' feeds, expiry and at-most-once commands. */
export interface SessionManager extends AsyncDisposable {
  attach(character: Character, connectionId: string): Promise<Attached>;
  /** Unknown, used or expired tokens are unauthenticated. */
  resume(token: string, connectionId: string): Promise<Attached>;
  /** The live session with this connection attached, and its character; else unauthenticated. */
  require(sessionId: string, connectionId: string): Promise<{ session: SessionRecord; character: Character }>;
  /**
   * Detaches a connection and ends its output on its feed; announces the leave when it was the last. With
   * `lastPosition` (what the player received), the session's cursors advance from it first.
   */
  detach(sessionId: string, connectionId: string, lastPosition?: number): Promise<void>;
  /** Detaches a connection that quit, as detach does, and voids the session's resume token. */
  logOut(sessionId: string, connectionId: string): Promise<void>;
  /** The gateways' feeds: one output stream per gateway, with watches and acknowledgements. */
  readonly feeds: FeedHub;
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
  /** Whether the character has a session, attached or not (answered from memory). */
  hasSession(characterId: string): Promise<boolean>;
  /**
   * Closes every connection of the character's session: each watched output ends with a `closed` item holding
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
  /** Moves a connection to `character`'s session (`play`): its old output ends with a `switched` item. */
  switchCharacter(sessionId: string, connectionId: string, character: Character): Promise<Attached>;
  /**
   * Detaches connections left without output for the orphan grace (their gateway is gone), then ends sessions
   * detached for longer than the time-to-live; returns how many sessions ended.
   */
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
  /** How long attached connections may have no output before sweep detaches them; 2 minutes by default. */
  readonly orphanGraceMs?: number;
  readonly replayLimit: number;
  /** Live events waiting on one gateway's feed before it ends with resource_exhausted; 16,384 by default. */
  readonly feedBound?: number;
  /** Streams a character follows beyond its location and `char:` stream (its channels); none by default. */
  readonly extraStreams?: (characterId: string) => Promise<readonly string[]>;
  /** The change of followed streams an event causes (a move, a channel join), applied as it is dispatched. */
  readonly followChangeOf?: FollowChangeOf;
  /** Appends the connect or disconnect event of a character. */
  readonly announce: (character: Character, kind: "connect" | "disconnect") => Promise<void>;
  /** Checks that a retried key carries the line it first ran; a fresh random key per process by default. */
  readonly lineCheck?: LineCheck;
  /** Schedules cursor writes; real timers by default. */
  readonly timers?: Timers;
  /** How long a delivered cursor may stay unwritten while its connection is attached; 5 s by default. */
  readonly cursorFlushMs?: number;
  /** Whether a replay shows its lines' times (the player's `timestamps` setting); never by default. */
  readonly stampReplay?: (characterId: string, oldest: number | undefined) => Promise<boolean>;
}

/**
 * Creates the session manager from its parts: attachments (session-attachments.ts), the gateways' feeds
 * (feed-hub.ts) and the at-most-once command runner (command-runner.ts). Sessions still marked
 * attached from before a restart start their time-to-live now.
 */
export async function createSessionManager(deps: SessionManagerDeps): Promise<SessionManager> {
  // Invariant: the store is listed once, here; every later read of a session is served by the index.
  const store = await openSessionIndex(deps.store);
  const cursors = createCursorWriter({
    index: store,
    timers: deps.timers ?? systemTimers(),
    log: deps.log,
    ...(deps.cursorFlushMs === undefined ? {} : { cursorFlushMs: deps.cursorFlushMs }),
  });
  const live = createLiveConnections<FeedWatch>();
  const present = createPresentCharacters(deps.accounts);
  const follows = createFollowRegistry();
  for (const s of await store.list())
    if (s.detachedAt === undefined) await store.setDetachedAt(s.id, deps.clock.now());

  const lookup = createSessionLookup({
    accounts: deps.accounts,
    clock: deps.clock,
    live,
    ttlMs: deps.ttlMs,
    ...(deps.orphanGraceMs === undefined ? {} : { orphanGraceMs: deps.orphanGraceMs }),
    ...(deps.extraStreams ? { extraStreams: deps.extraStreams } : {}),
  });
  const attachments = createSessionAttachments({
    store,
    accounts: deps.accounts,
    events: deps.events,
    clock: deps.clock,
    newId: deps.newId,
    live,
    lookup,
    cursors,
    announce: deps.announce,
  });
  const feeds = createFeedHub({
    store,
    events: deps.events,
    broadcaster: deps.broadcaster,
    clock: deps.clock,
    newId: deps.newId,
    log: deps.log,
    replayLimit: deps.replayLimit,
    live,
    follows,
    cursors,
    lookup,
    require: attachments.require,
    ...(deps.feedBound === undefined ? {} : { feedBound: deps.feedBound }),
    ...(deps.followChangeOf ? { followChangeOf: deps.followChangeOf } : {}),
    ...(deps.stampReplay ? { stampReplay: deps.stampReplay } : {}),
  });
  const runCommand = createCommandRunner({
    store,
    lookup,
    clock: deps.clock,
    log: deps.log,
    ...(deps.lineCheck ? { lineCheck: deps.lineCheck } : {}),
  });

  return {
    async attach(character, connectionId) {
      const attached = await attachments.attach(character, connectionId);
      present.forget(character.id);
      return attached;
    },
    async resume(token, connectionId) {
      const attached = await attachments.resume(token, connectionId);
      present.forget(attached.character.id);
      return attached;
    },
    require: attachments.require,
    async detach(sessionId, connectionId, lastPosition) {
      if (lastPosition !== undefined) await feeds.acknowledge(sessionId, connectionId, lastPosition);
      await attachments.detach(sessionId, connectionId);
    },
    logOut: (sessionId, connectionId) => attachments.logOut(sessionId, connectionId),
    feeds,
    runCommand,
    async presence() {
      return present.of(store.attached().filter((s) => !lookup.expired(s)));
    },
    hasSession: async (characterId) => (await store.findByCharacter(characterId)) !== undefined,
    boot: attachments.boot,
    async followStreams(characterId, change, position) {
      // A move calls this right after it stored the character's new location.
      present.forget(characterId);
      const session = await store.findByCharacter(characterId);
      if (!session) return;
      const { add, end } = storeChange(change, position);
      // Invariant: cursors delivered before the change are written first, so the store applies the
      // change after them, as the index does.
      await cursors.flushSession(session.id);
      await store.followStreams(session.id, add, end);
      follows.change(session.id, change, position);
    },
    end: attachments.end,
    async switchCharacter(sessionId, connectionId, character) {
      const attached = await attachments.switchCharacter(sessionId, connectionId, character);
      present.forget(character.id);
      return attached;
    },
    async sweep() {
      let ended = 0;
      for (const s of await store.list()) {
        if (lookup.orphaned(s)) {
          deps.log.info("detaching connections whose gateway went away", {
            session: s.id,
            connections: s.connections.length,
          });
          for (const connectionId of s.connections) await attachments.detach(s.id, connectionId);
          continue;
        }
        if (!lookup.expired(s)) continue;
        await store.delete(s.id);
        ended += 1;
      }
      return ended;
    },
    status: () => ({ ...store.counts(), streams: live.size }),
    async [Symbol.asyncDispose]() {
      feeds[Symbol.dispose]();
      live.endAll();
      await cursors.flush();
    },
  };
}
