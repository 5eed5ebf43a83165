import { type Channel, type ChannelStore, sortedSnapshot } from "./channel-store.ts";

/** Creates a channel store held in memory: a real implementation of the port, for unit tests. */
export function createMemoryChannelStore(): ChannelStore {
  const channels = new Map<string, Channel>();
  const members = new Map<string, string[]>();
  let position = 0;

  return {
    async apply(changes, at) {
      for (const change of changes) {
        switch (change.kind) {
          case "create":
            if (channels.has(change.channel.key)) break;
            if ([...channels.values()].some((c) => c.alias === change.channel.alias)) break;
            channels.set(change.channel.key, { ...change.channel });
            members.set(change.channel.key, []);
            break;
          case "destroy":
            channels.delete(change.key);
            members.delete(change.key);
            break;
          case "join": {
            const list = members.get(change.key);
            if (list && !list.includes(change.characterId)) list.push(change.characterId);
            break;
          }
          case "leave": {
            const list = members.get(change.key);
            if (list)
              members.set(
                change.key,
                list.filter((id) => id !== change.characterId),
              );
            break;
          }
        }
      }
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
    snapshot: async () =>
      sortedSnapshot(
        [...channels.values()],
        [...members.entries()].flatMap(([key, ids]) => ids.map((id) => `${key} ${id}`)),
      ),
  };
}
