import {
  type Channel,
  type ChannelChange,
  type ChannelMark,
  type ChannelStore,
  markOrder,
  sortedSnapshot,
} from "./channel-store.ts";

/** Creates a channel store held in memory: a real implementation of the port, for unit tests. */
export function createMemoryChannelStore(): ChannelStore {
  const channels = new Map<string, Channel>();
  const members = new Map<string, string[]>();
  /** Keyed by `<key> <characterId> <mark>`. */
  const marks = new Map<string, ChannelMark>();
  let position = 0;
  const markKey = (m: Pick<ChannelMark, "key" | "characterId" | "mark">) =>
    `${m.key} ${m.characterId} ${m.mark}`;

  const applyOne = (change: ChannelChange) => {
    switch (change.kind) {
      case "create":
        if (channels.has(change.channel.key)) return;
        if ([...channels.values()].some((c) => c.alias === change.channel.alias)) return;
        channels.set(change.channel.key, { ...change.channel });
        members.set(change.channel.key, []);
        return;
      case "destroy":
        channels.delete(change.key);
        members.delete(change.key);
        for (const [k, m] of marks) if (m.key === change.key) marks.delete(k);
        return;
      case "join": {
        const list = members.get(change.key);
        if (list && !list.includes(change.characterId)) list.push(change.characterId);
        return;
      }
      case "leave": {
        const list = members.get(change.key);
        if (list)
          members.set(
            change.key,
            list.filter((id) => id !== change.characterId),
          );
        marks.delete(markKey({ ...change, mark: "gagged" }));
        return;
      }
      case "mark":
        if (channels.has(change.mark.key)) marks.set(markKey(change.mark), { ...change.mark });
        return;
      case "unmark":
        marks.delete(markKey(change));
        return;
    }
  };

  return {
    async apply(changes, at) {
      for (const change of changes) applyOne(change);
      position = Math.max(position, at);
    },
    appliedPosition: async () => position,
    get: async (key) => channels.get(key),
    list: async () => [...channels.values()].sort((a, b) => (a.key < b.key ? -1 : 1)),
    members: async (key) => [...(members.get(key) ?? [])],
    channelsOf: async (characterId) =>
      [...members.entries()]
        .filter(([, ids]) => ids.includes(characterId))
        .map(([key]) => key)
        .sort(),
    marks: async (key) => [...marks.values()].filter((m) => m.key === key).sort(markOrder("characterId")),
    marksOf: async (characterId) =>
      [...marks.values()].filter((m) => m.characterId === characterId).sort(markOrder("key")),
    snapshot: async () =>
      sortedSnapshot(
        [...channels.values()],
        [...members.entries()].flatMap(([key, ids]) => ids.map((id) => `${key} ${id}`)),
        [...marks.values()],
      ),
  };
}
