import type { AccountStore, Character } from "#core/accounts/account-store.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { HoloError, isHoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { Attached } from "./attached.ts";
import type { CursorWriter } from "./cursor-writer.ts";
import type { ConnectionEnd } from "./feed-queue.ts";
import type { LiveConnections } from "./live-connections.ts";
import { type SessionLookup, sessionGone } from "./session-lookup.ts";
import type { SessionRecord, SessionStore } from "./session-store.ts";
import { hashToken, newResumeToken, sameHash } from "./session-token.ts";

/** Which connections are attached to which session: attach, resume, detach, boot, end and switch. */
export interface SessionAttachments {
  attach(character: Character, connectionId: string): Promise<Attached>;
  /** Unknown, used or expired tokens are unauthenticated. */
  resume(token: string, connectionId: string): Promise<Attached>;
  /** The live session with this connection attached, and its character; else unauthenticated. */
  require(sessionId: string, connectionId: string): Promise<{ session: SessionRecord; character: Character }>;
  /** Detaches a connection, ending its output after `final` when given; announces the leave when it was the last. */
  detach(sessionId: string, connectionId: string, final?: ConnectionEnd): Promise<void>;
  /** Detaches a connection that logged out (quit) and voids the session's resume token. */
  logOut(sessionId: string, connectionId: string): Promise<void>;
  /** Closes every connection of the character's session with a `closed` item and voids its token. */
  boot(characterId: string, text: string): Promise<number>;
  /** Ends the character's session now: its outputs end and the record is deleted. */
  end(characterId: string): Promise<void>;
  /** Moves a connection to `character`'s session: its old output ends with a `switched` item. */
  switchCharacter(sessionId: string, connectionId: string, character: Character): Promise<Attached>;
}

/** What the attachments need. */
export interface SessionAttachmentsDeps {
  readonly store: SessionStore;
  readonly accounts: AccountStore;
  readonly events: EventStore;
  readonly clock: Clock;
  readonly newId: NewId;
  readonly live: LiveConnections;
  readonly lookup: SessionLookup;
  /** Written for a session as its connection detaches, so a later replay starts after what it saw. */
  readonly cursors: Pick<CursorWriter, "flushSession">;
  /** Appends the connect or disconnect event of a character. */
  readonly announce: (character: Character, kind: "connect" | "disconnect") => Promise<void>;
}

/** Creates the attachments of the session manager. */
export function createSessionAttachments(deps: SessionAttachmentsDeps): SessionAttachments {
  const { store, lookup } = deps;

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
      cursors: Object.fromEntries((await lookup.streamsOf(character)).map((s) => [s, position])),
      connections: [],
    };
    await store.create(record);
    return record;
  }

  async function attach(character: Character, connectionId: string): Promise<Attached> {
    for (let attempt = 0; attempt < 3; attempt++) {
      let existing = await store.findByCharacter(character.id);
      if (existing && lookup.expired(existing)) {
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
  }

  async function detach(sessionId: string, connectionId: string, final?: ConnectionEnd) {
    const session = await store.get(sessionId);
    if (!session) throw sessionGone();
    deps.live.end(sessionId, connectionId, final);
    await deps.cursors.flushSession(sessionId);
    if (!session.connections.includes(connectionId)) return;
    const left = await store.removeConnection(sessionId, connectionId);
    if (left.length === 0) {
      await store.setDetachedAt(sessionId, deps.clock.now());
      await deps.announce(await lookup.characterOf(session), "disconnect");
    }
  }

  return {
    attach,
    async resume(token, connectionId) {
      const hash = hashToken(token);
      const session = await store.findByTokenHash(hash);
      if (!session || !sameHash(hash, session.tokenHash)) throw sessionGone();
      if (lookup.expired(session)) {
        await store.delete(session.id);
        throw sessionGone();
      }
      const next = newResumeToken();
      if (!(await store.replaceToken(session.id, hash, hashToken(next)))) throw sessionGone();
      return connect(
        { ...session, tokenHash: hashToken(next) },
        await lookup.characterOf(session),
        connectionId,
        next,
        true,
      );
    },
    async require(sessionId, connectionId) {
      const session = await store.get(sessionId);
      if (!session || lookup.expired(session) || !session.connections.includes(connectionId))
        throw sessionGone();
      return { session, character: await lookup.characterOf(session) };
    },
    detach,
    async logOut(sessionId, connectionId) {
      await detach(sessionId, connectionId);
      const session = await store.get(sessionId);
      // Invariant: after a quit, the token a client kept (the web client stores it) resumes nothing; a
      // later login attaches afresh with a new token.
      if (session) await store.replaceToken(session.id, session.tokenHash, hashToken(newResumeToken()));
    },
    async boot(characterId, text) {
      const session = await store.findByCharacter(characterId);
      if (!session || lookup.expired(session) || session.connections.length === 0) return 0;
      // Invariant: a booted connection's gateway cannot resume the session with the old token.
      await store.replaceToken(session.id, session.tokenHash, hashToken(newResumeToken()));
      for (const connectionId of session.connections)
        await detach(session.id, connectionId, { kind: "closed", text });
      return session.connections.length;
    },
    async end(characterId) {
      const session = await store.findByCharacter(characterId);
      if (!session) return;
      for (const connectionId of session.connections) deps.live.end(session.id, connectionId);
      await store.delete(session.id);
    },
    async switchCharacter(sessionId, connectionId, character) {
      const attached = await attach(character, connectionId);
      await detach(sessionId, connectionId, { kind: "switched", attached });
      return attached;
    },
  };
}
