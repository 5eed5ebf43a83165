import { createKnownCommands } from "./known-commands.ts";
import { cursorsAdvanced, streamsFollowed } from "./session-record-changes.ts";
import type { SessionRecord, SessionStore } from "./session-store.ts";

/**
 * The store's sessions held in memory, written through: reads are answered from memory, every change goes
 * to the store first and then to memory, so the index never shows what the store refused.
 */
export interface SessionIndex extends SessionStore {
  /** Raises cursors in memory only, for cursors delivered but not yet written (cursor-writer.ts). */
  noteCursors(id: string, cursors: Readonly<Record<string, number>>): void;
  /** Sessions, and connections attached over all of them. */
  counts(): { sessions: number; connections: number };
  /** The sessions with at least one connection attached. */
  attached(): SessionRecord[];
}

/**
 * Loads every session once with `store.list()`, then serves reads from memory. Command records stay in
 * the store; a lookup skips it when the key is known to have none (known-commands.ts). Known limitation: it
 * assumes this core is the only writer of the sessions in `store`; a second core on the same database
 * would not see this one's changes.
 */
export async function openSessionIndex(store: SessionStore): Promise<SessionIndex> {
  const byId = new Map<string, SessionRecord>();
  const byCharacter = new Map<string, string>();
  const byToken = new Map<string, string>();
  const attachedIds = new Set<string>();
  let connections = 0;
  const known = createKnownCommands();

  const unlink = (old: SessionRecord) => {
    if (byCharacter.get(old.characterId) === old.id) byCharacter.delete(old.characterId);
    if (byToken.get(old.tokenHash) === old.id) byToken.delete(old.tokenHash);
    attachedIds.delete(old.id);
    connections -= old.connections.length;
  };
  const put = (record: SessionRecord) => {
    const old = byId.get(record.id);
    if (old) unlink(old);
    byId.set(record.id, record);
    byCharacter.set(record.characterId, record.id);
    byToken.set(record.tokenHash, record.id);
    if (record.connections.length > 0) attachedIds.add(record.id);
    connections += record.connections.length;
  };
  const change = (id: string, next: (s: SessionRecord) => SessionRecord) => {
    const s = byId.get(id);
    if (s) put(next(s));
  };
  const lookup = (map: Map<string, string>, key: string) => {
    const id = map.get(key);
    return id === undefined ? undefined : byId.get(id);
  };

  for (const s of await store.list()) put(s);

  return {
    async create(record) {
      await store.create(record);
      put(record);
      known.created(record.id);
    },
    get: async (id) => byId.get(id),
    findByCharacter: async (characterId) => lookup(byCharacter, characterId),
    findByTokenHash: async (tokenHash) => lookup(byToken, tokenHash),
    list: async () => [...byId.values()],
    async replaceToken(id, expected, next) {
      const replaced = await store.replaceToken(id, expected, next);
      if (replaced) change(id, (s) => ({ ...s, tokenHash: next }));
      return replaced;
    },
    async addConnection(id, connectionId) {
      const now = await store.addConnection(id, connectionId);
      // Invariant: memory applies the change itself, not the store's list, so two changes whose replies
      // arrive out of order still leave memory as the store is.
      change(id, (s) => ({
        ...s,
        connections: s.connections.includes(connectionId) ? s.connections : [...s.connections, connectionId],
        detachedAt: undefined,
      }));
      return now;
    },
    async removeConnection(id, connectionId) {
      const left = await store.removeConnection(id, connectionId);
      change(id, (s) => ({ ...s, connections: s.connections.filter((c) => c !== connectionId) }));
      return left;
    },
    async setDetachedAt(id, at) {
      await store.setDetachedAt(id, at);
      change(id, (s) => ({ ...s, detachedAt: at }));
    },
    async advanceCursors(id, cursors) {
      await store.advanceCursors(id, cursors);
      change(id, (s) => cursorsAdvanced(s, cursors));
    },
    noteCursors: (id, cursors) => change(id, (s) => cursorsAdvanced(s, cursors)),
    async followStreams(id, add, end) {
      await store.followStreams(id, add, end);
      change(id, (s) => streamsFollowed(s, add, end));
    },
    async delete(id) {
      await store.delete(id);
      known.forget(id);
      const old = byId.get(id);
      if (!old) return;
      unlink(old);
      byId.delete(id);
    },
    findCommand: async (key) => (known.mayExist(key) ? store.findCommand(key) : undefined),
    async completeCommand(key, idSeed, result, at) {
      try {
        await store.completeCommand(key, idSeed, result, at);
      } catch (error) {
        // A failed write may still have committed: from now on the store says what is recorded.
        known.forget(key.sessionId);
        throw error;
      }
      known.recorded(key);
    },
    counts: () => ({ sessions: byId.size, connections }),
    attached: () => [...attachedIds].flatMap((id) => byId.get(id) ?? []),
  };
}
