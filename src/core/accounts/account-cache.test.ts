import { expect, test } from "bun:test";
import { createAccountCache } from "./account-cache.ts";
import { accountStoreContract, testPlayer } from "./account-store.contract.ts";
import type { AccountStore } from "./account-store.ts";
import { createMemoryAccountStore } from "./memory-account-store.ts";

accountStoreContract("cached memory", async () => ({
  ...createAccountCache(createMemoryAccountStore()),
  async [Symbol.asyncDispose]() {},
}));

/** A store that counts character reads. */
function counted(store: AccountStore) {
  const reads = { n: 0 };
  return {
    reads,
    store: {
      ...store,
      getCharacter: (id: string) => {
        reads.n += 1;
        return store.getCharacter(id);
      },
      findCharacterByName: (name: string) => {
        reads.n += 1;
        return store.findCharacterByName(name);
      },
    } satisfies AccountStore,
  };
}

test("a character once read is served from memory, by id and by name", async () => {
  const inner = createMemoryAccountStore();
  const [player, character] = testPlayer("Alice");
  await inner.createPlayer(player, character);
  const { store, reads } = counted(inner);
  const cache = createAccountCache(store);
  expect(await cache.getCharacter(character.id)).toEqual(character);
  expect(await cache.getCharacter(character.id)).toEqual(character);
  expect(await cache.findCharacterByName("ALICE")).toEqual(character);
  expect(reads.n).toBe(1);
});

test("moves and plays made through the cache are what later reads see, and the store holds them too", async () => {
  const inner = createMemoryAccountStore();
  const [player, character] = testPlayer("Alice");
  const cache = createAccountCache(inner);
  await cache.createPlayer(player, character);
  await cache.setLocation(character.id, "garden");
  await cache.markPlayed(character.id, 42);
  const expected = { ...character, locationId: "garden", lastPlayedAt: 42 };
  expect(await cache.getCharacter(character.id)).toEqual(expected);
  expect(await inner.getCharacter(character.id)).toEqual(expected);
});

test("past its size the least recently used character is read from the store again", async () => {
  const inner = createMemoryAccountStore();
  const [pa, a] = testPlayer("Alice");
  const [pb, b] = testPlayer("Bob");
  await inner.createPlayer(pa, a);
  await inner.createPlayer(pb, b);
  const { store, reads } = counted(inner);
  const cache = createAccountCache(store, 1);
  await cache.getCharacter(a.id);
  await cache.getCharacter(b.id);
  await cache.getCharacter(a.id);
  expect(reads.n).toBe(3);
});

test("a player once read is served from memory, and a role change made through the cache is seen at once", async () => {
  const inner = createMemoryAccountStore();
  const [player, character] = testPlayer("Alice");
  await inner.createPlayer(player, character);
  let reads = 0;
  const cache = createAccountCache({
    ...inner,
    getPlayer: (id) => {
      reads += 1;
      return inner.getPlayer(id);
    },
  });
  expect(await cache.getPlayer(player.id)).toEqual(player);
  await cache.setRole(player.id, "builder");
  expect(await cache.getPlayer(player.id)).toEqual({ ...player, role: "builder" });
  expect(await inner.getPlayer(player.id)).toEqual({ ...player, role: "builder" });
  expect(reads).toBe(1);
});

test("a player another core changed is read again after forgetPlayer, by id and by name", async () => {
  const inner = createMemoryAccountStore();
  const [player, character] = testPlayer("Alice");
  await inner.createPlayer(player, character);
  const cache = createAccountCache(inner);
  expect((await cache.getPlayer(player.id))?.role).toBe(player.role);
  // Another core writes to the shared store, not through this cache.
  await inner.setRole(player.id, "builder");
  expect((await cache.getPlayer(player.id))?.role).toBe(player.role);
  cache.forgetPlayer(player.name.toUpperCase());
  expect((await cache.getPlayer(player.id))?.role).toBe("builder");
  expect((await cache.findPlayerByName(player.name))?.role).toBe("builder");
});
