import { HoloError } from "#shared/errors/holo-error.ts";
import { cursorsAdvanced, streamsFollowed } from "./session-record-changes.ts";
import type { CommandKey, CommandRecord, SessionRecord, SessionStore } from "./session-store.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Creates a session store held in memory: a real implementation of the port, for unit tests. */
export function createMemorySessionStore(): SessionStore {
  const sessions = new Map<string, Mutable<SessionRecord>>();
  const commands = new Map<string, CommandRecord>();
  const keyOf = (k: CommandKey) => JSON.stringify([k.sessionId, k.connectionId, k.sequence]);
  const copy = (s: SessionRecord | undefined): SessionRecord | undefined => {
    if (!s) return undefined;
    const { ends, ...rest } = s;
    const record = { ...rest, cursors: { ...s.cursors }, connections: [...s.connections] };
    return ends && Object.keys(ends).length > 0 ? { ...record, ends: { ...ends } } : record;
  };
  const find = (match: (s: SessionRecord) => boolean) => copy([...sessions.values()].find(match));

  return {
    async create(record) {
      if (
        sessions.has(record.id) ||
        [...sessions.values()].some((s) => s.characterId === record.characterId)
      ) {
        throw new HoloError("already_exists", "That character already has a session.");
      }
      sessions.set(record.id, {
        ...record,
        cursors: { ...record.cursors },
        connections: [...record.connections],
      });
    },
    get: async (id) => copy(sessions.get(id)),
    findByCharacter: async (characterId) => find((s) => s.characterId === characterId),
    findByTokenHash: async (tokenHash) => find((s) => s.tokenHash === tokenHash),
    list: async () => [...sessions.values()].map((s) => copy(s) as SessionRecord),
    async replaceToken(id, expected, next) {
      const s = sessions.get(id);
      if (!s || s.tokenHash !== expected) return false;
      s.tokenHash = next;
      return true;
    },
    async addConnection(id, connectionId) {
      const s = sessions.get(id);
      if (!s) return [];
      if (!s.connections.includes(connectionId)) s.connections = [...s.connections, connectionId];
      s.detachedAt = undefined;
      return [...s.connections];
    },
    async removeConnection(id, connectionId) {
      const s = sessions.get(id);
      if (!s) return [];
      s.connections = s.connections.filter((c) => c !== connectionId);
      return [...s.connections];
    },
    async setDetachedAt(id, at) {
      const s = sessions.get(id);
      if (s) s.detachedAt = at;
    },
    async advanceCursors(id, cursors) {
      const s = sessions.get(id);
      if (s) sessions.set(id, { ...cursorsAdvanced(s, cursors) });
    },
    async followStreams(id, add, end) {
      const s = sessions.get(id);
      if (s) sessions.set(id, { ...streamsFollowed(s, add, end) });
    },
    async delete(id) {
      sessions.delete(id);
      for (const key of commands.keys()) if ((JSON.parse(key) as string[])[0] === id) commands.delete(key);
    },
    findCommand: async (key) => commands.get(keyOf(key)),
    async completeCommand(key, idSeed, result) {
      if (!sessions.has(key.sessionId) || commands.get(keyOf(key))?.result) return;
      commands.set(keyOf(key), { idSeed: commands.get(keyOf(key))?.idSeed ?? idSeed, result });
    },
  };
}
