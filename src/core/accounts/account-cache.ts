import { nameKey } from "./account-rules.ts";
import type { AccountStore, Character, Player } from "./account-store.ts";

/** How many characters, and how many players, the cache holds by default; the least recently used go first. */
export const DEFAULT_ACCOUNT_CACHE_SIZE = 10_000;

/** Records by id, and ids by name key, dropping the least recently used past `max`. */
function recentlyUsed<T extends { readonly id: string; readonly name: string }>(max: number) {
  const byId = new Map<string, T>();
  const byName = new Map<string, string>();
  const put = (value: T) => {
    const old = byId.get(value.id);
    if (old && byName.get(nameKey(old.name)) === old.id) byName.delete(nameKey(old.name));
    byId.delete(value.id);
    byId.set(value.id, value);
    byName.set(nameKey(value.name), value.id);
    for (const [id, oldest] of byId) {
      if (byId.size <= max) break;
      byId.delete(id);
      if (byName.get(nameKey(oldest.name)) === id) byName.delete(nameKey(oldest.name));
    }
  };
  const get = (id: string | undefined) => {
    const value = id === undefined ? undefined : byId.get(id);
    if (!value) return undefined;
    // A hit only moves the record to the most recent end; its name key is unchanged.
    byId.delete(value.id);
    byId.set(value.id, value);
    return value;
  };
  return {
    put,
    get,
    named: (name: string) => get(byName.get(nameKey(name))),
    forgetNamed(name: string) {
      const id = byName.get(nameKey(name));
      if (id === undefined) return;
      byId.delete(id);
      byName.delete(nameKey(name));
    },
    patch(id: string, change: Partial<T>) {
      const value = byId.get(id);
      if (value) put({ ...value, ...change });
    },
  };
}

/** The cached store, and a way to drop a player another core changed. */
export interface AccountCache extends AccountStore {
  /**
   * Drops the player called `name` (any case), so the next read comes from the store: another core changed
   * its role (`role.changed`, seen through the broadcaster). A read in flight then is not cached.
   */
  forgetPlayer(name: string): void;
}

/**
 * The account store with its characters and players cached: reads by id and by name are answered from
 * memory once read, and every change made through it (creations, markPlayed, setLocation, setRole,
 * setPasswordHash) updates the cache after the store. Everything else passes through. A role set by another
 * core reaches it through `forgetPlayer`. Known limitation: otherwise, like the session index, it assumes this
 * core is the only writer of the accounts it serves.
 */
export function createAccountCache(store: AccountStore, max = DEFAULT_ACCOUNT_CACHE_SIZE): AccountCache {
  const characters = recentlyUsed<Character>(max);
  const players = recentlyUsed<Player>(max);
  // Invariant: a read that raced a write is not cached, so a slow read never puts back an older record.
  let writes = 0;
  const read = async <T>(fetch: () => Promise<T | undefined>, put: (value: T) => void) => {
    const before = writes;
    const value = await fetch();
    if (value && writes === before) put(value);
    return value;
  };
  const write = async (run: () => Promise<void>, then: () => void) => {
    writes += 1;
    await run();
    writes += 1;
    then();
  };

  return {
    ...store,
    forgetPlayer(name) {
      writes += 1;
      players.forgetNamed(name);
    },
    createPlayer: (player, character) =>
      write(
        () => store.createPlayer(player, character),
        () => {
          players.put(player);
          characters.put(character);
        },
      ),
    createCharacter: (character) =>
      write(
        () => store.createCharacter(character),
        () => characters.put(character),
      ),
    getCharacter: async (id) => characters.get(id) ?? read(() => store.getCharacter(id), characters.put),
    findCharacterByName: async (name) =>
      characters.named(name) ?? read(() => store.findCharacterByName(name), characters.put),
    getPlayer: async (id) => players.get(id) ?? read(() => store.getPlayer(id), players.put),
    findPlayerByName: async (name) =>
      players.named(name) ?? read(() => store.findPlayerByName(name), players.put),
    markPlayed: (id, at) =>
      write(
        () => store.markPlayed(id, at),
        () => characters.patch(id, { lastPlayedAt: at }),
      ),
    setLocation: (id, locationId) =>
      write(
        () => store.setLocation(id, locationId),
        () => characters.patch(id, { locationId }),
      ),
    setRole: (id, role) =>
      write(
        () => store.setRole(id, role),
        () => players.patch(id, { role }),
      ),
    setPasswordHash: (id, passwordHash) =>
      write(
        () => store.setPasswordHash(id, passwordHash),
        () => players.patch(id, { passwordHash }),
      ),
  };
}
