import { nameKey } from "./account-rules.ts";
import type { AccountStore, Character } from "./account-store.ts";

/** How many characters the cache holds by default; the least recently used is dropped past it. */
export const DEFAULT_CHARACTER_CACHE_SIZE = 10_000;

/**
 * The account store with its characters cached: getCharacter and findCharacterByName are answered from
 * memory once read, and every change to a character made through it (createPlayer, createCharacter,
 * markPlayed, setLocation) updates the cache after the store. Everything else passes through. Known
 * limitation: like the session index, it assumes this core is the only writer of the characters it serves.
 */
export function createCharacterCache(store: AccountStore, max = DEFAULT_CHARACTER_CACHE_SIZE): AccountStore {
  const byId = new Map<string, Character>();
  const byName = new Map<string, string>();
  // Invariant: a read that raced a write is not cached, so a slow read never puts back an older character.
  let writes = 0;

  const put = (c: Character) => {
    const old = byId.get(c.id);
    if (old && nameKey(old.name) !== nameKey(c.name)) byName.delete(nameKey(old.name));
    byId.delete(c.id);
    byId.set(c.id, c);
    byName.set(nameKey(c.name), c.id);
    for (const [id, oldest] of byId) {
      if (byId.size <= max) break;
      byId.delete(id);
      byName.delete(nameKey(oldest.name));
    }
  };
  const hit = (id: string | undefined) => {
    const c = id === undefined ? undefined : byId.get(id);
    if (c) put(c);
    return c;
  };
  const read = async (fetch: () => Promise<Character | undefined>) => {
    const before = writes;
    const c = await fetch();
    if (c && writes === before) put(c);
    return c;
  };
  const patch = async (id: string, write: () => Promise<void>, change: Partial<Character>) => {
    writes += 1;
    await write();
    writes += 1;
    const c = byId.get(id);
    if (c) put({ ...c, ...change });
  };

  return {
    ...store,
    async createPlayer(player, character) {
      await store.createPlayer(player, character);
      put(character);
    },
    async createCharacter(character) {
      await store.createCharacter(character);
      put(character);
    },
    getCharacter: async (id) => hit(id) ?? read(() => store.getCharacter(id)),
    findCharacterByName: async (name) =>
      hit(byName.get(nameKey(name))) ?? read(() => store.findCharacterByName(name)),
    markPlayed: (id, at) => patch(id, () => store.markPlayed(id, at), { lastPlayedAt: at }),
    setLocation: (id, locationId) => patch(id, () => store.setLocation(id, locationId), { locationId }),
  };
}
