import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import type { Broadcaster } from "#core/broadcast/broadcaster.ts";
import type { EventStore } from "#core/events/event-store.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { type CommandContext, createCommandRunner } from "./command-runner.ts";
import { createCursorWriter } from "./cursor-writer.ts";
import type { LineCheck } from "./line-check.ts";
import { createLiveConnections } from "./live-connections.ts";
import { createSessionAttachments } from "./session-attachments.ts";
import { createSessionCounts } from "./session-counts.ts";
import type { Attached, StreamItem } from "./session-event-stream.ts";
import { createFollowRegistry, type StreamChange, storeChange } from "./session-following.ts";
import { createSessionLookup } from "./session-lookup.ts";
import { createSessionOutput } from "./session-output.ts";
import type { CommandKey, CommandResult, SessionRecord, SessionStore } from "./session-store.ts";

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

/**
 * Creates the session manager from its parts: attachments (session-attachments.ts), outputs
 * (session-output.ts) and the at-most-once command runner (command-runner.ts). Sessions still marked
 * attached from before a restart start their time-to-live now.
 */
export async function createSessionManager(deps: SessionManagerDeps): Promise<SessionManager> {
  const { store } = deps;
  const cursors = createCursorWriter(store, deps.log);
  const live = createLiveConnections();
  const follows = createFollowRegistry();
  const counts = createSessionCounts(store);
  for (const s of await store.list())
    if (s.detachedAt === undefined) await store.setDetachedAt(s.id, deps.clock.now());
  await counts.refresh();

  const lookup = createSessionLookup({
    accounts: deps.accounts,
    clock: deps.clock,
    live,
    ttlMs: deps.ttlMs,
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
    counts,
    announce: deps.announce,
  });
  const stream = createSessionOutput({
    store,
    events: deps.events,
    broadcaster: deps.broadcaster,
    clock: deps.clock,
    replayLimit: deps.replayLimit,
    live,
    follows,
    cursors,
    lookup,
    require: attachments.require,
  });
  const runCommand = createCommandRunner({
    store,
    lookup,
    clock: deps.clock,
    log: deps.log,
    ...(deps.lineCheck ? { lineCheck: deps.lineCheck } : {}),
  });

  return {
    attach: attachments.attach,
    resume: attachments.resume,
    require: attachments.require,
    detach: (sessionId, connectionId) => attachments.detach(sessionId, connectionId),
    stream,
    runCommand,
    async presence() {
      const attached = (await store.list()).filter((s) => s.connections.length > 0 && !lookup.expired(s));
      const characters = await Promise.all(attached.map((s) => deps.accounts.getCharacter(s.characterId)));
      return characters.filter((c): c is Character => c !== undefined);
    },
    boot: attachments.boot,
    async followStreams(characterId, change, position) {
      const session = await store.findByCharacter(characterId);
      if (!session) return;
      const { add, end } = storeChange(change, position);
      await store.followStreams(session.id, add, end);
      follows.change(session.id, change, position);
    },
    end: attachments.end,
    switchCharacter: attachments.switchCharacter,
    async sweep() {
      let ended = 0;
      for (const s of await store.list()) {
        if (!lookup.expired(s)) continue;
        await store.delete(s.id);
        ended += 1;
      }
      if (ended > 0) await counts.refresh();
      return ended;
    },
    status: () => ({ ...counts.current(), streams: live.size }),
    async [Symbol.asyncDispose]() {
      live.endAll();
      await cursors.flush();
    },
  };
}
