import { HoloError } from "#shared/errors/holo-error.ts";
import { nameKey } from "./account-rules.ts";
import { type AccountStore, byLastPlayed, type Character, type Player } from "./account-store.ts";

/** Creates an account store held in memory: a real implementation of the port, for unit tests. */
export function createMemoryAccountStore(): AccountStore {
  const players = new Map<string, Player>();
  const characters = new Map<string, Character>();
  const playerNames = new Map<string, string>();
  const characterNames = new Map<string, string>();

  const taken = () => new HoloError("already_exists", "That name is already taken.");
  const addCharacter = (character: Character) => {
    characters.set(character.id, { ...character });
    characterNames.set(nameKey(character.name), character.id);
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
      players.set(player.id, { ...player });
      playerNames.set(nameKey(player.name), player.id);
      addCharacter(character);
    },
    async createCharacter(character) {
      if (!players.has(character.playerId)) throw new HoloError("not_found", "No such player.");
      if (characterNames.has(nameKey(character.name))) throw taken();
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
  };
}
