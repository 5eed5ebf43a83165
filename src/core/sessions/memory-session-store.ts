import { HoloError } from "#shared/errors/holo-error.ts";
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
  const dropEnded = (s: Mutable<SessionRecord>) => {
    const cursors = { ...s.cursors };
    const ends = { ...s.ends };
    for (const [stream, end] of Object.entries(ends)) {
      if ((cursors[stream] ?? end) >= end) {
        delete cursors[stream];
        delete ends[stream];
      }
    }
    s.cursors = cursors;
    s.ends = ends;
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
      if (!s) return;
      const next = { ...s.cursors };
      for (const [stream, position] of Object.entries(cursors)) {
        next[stream] = Math.max(next[stream] ?? 0, position);
      }
      s.cursors = next;
      dropEnded(s);
    },
    async followStreams(id, add, end) {
      const s = sessions.get(id);
      if (!s) return;
      const cursors = { ...s.cursors };
      const ends = { ...s.ends };
      for (const [stream, position] of Object.entries(add)) {
        cursors[stream] = position;
        delete ends[stream];
      }
      for (const [stream, position] of Object.entries(end)) if (stream in cursors) ends[stream] = position;
      s.cursors = cursors;
      s.ends = ends;
      dropEnded(s);
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
