import { HoloError } from "#shared/errors/holo-error.ts";
import { nameKey } from "./account-rules.ts";
import { type AccountStore, byLastPlayed, type Character, type Player } from "./account-store.ts";
import { nameSkeleton, TOO_SIMILAR } from "./name-rules.ts";

/** Creates an account store held in memory: a real implementation of the port, for unit tests. */
export function createMemoryAccountStore(): AccountStore {
  const players = new Map<string, Player>();
  const characters = new Map<string, Character>();
  const playerNames = new Map<string, string>();
  const characterNames = new Map<string, string>();
  /** Look-alike keys of every player and character name, to the name that holds each. */
  const skeletons = new Map<string, string>();
  const blocks = new Map<string, Map<string, number>>();

  const taken = () => new HoloError("already_exists", "That name is already taken.");
  const checkFree = (names: readonly string[]) => {
    for (const name of names)
      if (skeletons.has(nameSkeleton(name))) throw new HoloError("already_exists", TOO_SIMILAR);
  };
  const addCharacter = (character: Character) => {
    characters.set(character.id, { ...character });
    characterNames.set(nameKey(character.name), character.id);
    skeletons.set(nameSkeleton(character.name), character.name);
  };
  const update = (id: string, patch: Partial<Character>) => {
    const old = characters.get(id);
    if (old) characters.set(id, { ...old, ...patch });
  };

  return {
    async createPlayer(player, character) {
      if (playerNames.has(nameKey(player.name)) || characterNames.has(nameKey(character.name))) {
        throw taken();
      }
      checkFree(player.name === character.name ? [player.name] : [player.name, character.name]);
      players.set(player.id, { ...player });
      playerNames.set(nameKey(player.name), player.id);
      skeletons.set(nameSkeleton(player.name), player.name);
      addCharacter(character);
    },
    async createCharacter(character) {
      if (!players.has(character.playerId)) throw new HoloError("not_found", "No such player.");
      if (characterNames.has(nameKey(character.name))) throw taken();
      checkFree([character.name]);
      addCharacter(character);
    },
    async findPlayerByName(name) {
      const id = playerNames.get(nameKey(name));
      return id === undefined ? undefined : players.get(id);
    },
    async getPlayer(id) {
      return players.get(id);
    },
    async getCharacter(id) {
      return characters.get(id);
    },
    async findCharacterByName(name) {
      const id = characterNames.get(nameKey(name));
      return id === undefined ? undefined : characters.get(id);
    },
    async setPasswordHash(playerId, passwordHash) {
      const old = players.get(playerId);
      if (old) players.set(playerId, { ...old, passwordHash });
    },
    async setRole(playerId, role) {
      const old = players.get(playerId);
      if (old) players.set(playerId, { ...old, role });
    },
    async listCharacters(playerId) {
      return [...characters.values()].filter((c) => c.playerId === playerId).sort(byLastPlayed);
    },
    async markPlayed(characterId, at) {
      update(characterId, { lastPlayedAt: at });
    },
    async setLocation(characterId, locationId) {
      update(characterId, { locationId });
    },
    async countPlayers() {
      return players.size;
    },
    async findNameLike(name) {
      return skeletons.get(nameSkeleton(name));
    },
    async addBlock(characterId, senderId, at) {
      const mine = blocks.get(characterId) ?? new Map<string, number>();
      if (!mine.has(senderId)) mine.set(senderId, at);
      blocks.set(characterId, mine);
    },
    async removeBlock(characterId, senderId) {
      return blocks.get(characterId)?.delete(senderId) ?? false;
    },
    async listBlocks(characterId) {
      return [...(blocks.get(characterId)?.keys() ?? [])];
    },
    async isBlocked(characterId, senderId) {
      return blocks.get(characterId)?.has(senderId) ?? false;
    },
  };
}
