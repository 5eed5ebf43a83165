import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { NewId } from "#shared/util/ids.ts";
import { nameKey } from "./account-rules.ts";
import type { AccountStore, Character, Player } from "./account-store.ts";
import type { LoginResult } from "./accounts.ts";
import { nameSkeleton } from "./name-rules.ts";

/** The line `connect guest` gets on a game without guests. */
export const GUESTS_DISABLED = "Guest logins are not enabled on this game.";

/** The line `connect guest` gets when every guest character is in use. */
export const GUESTS_FULL = "Every guest character is in use. Please try again later.";

/** True for the login name that asks for a guest: `guest`, any case. */
export function isGuestLogin(name: string): boolean {
  return nameKey(name.trim()) === "guest";
}

/** What guest logins need. */
export interface GuestAccountsDeps {
  /** The real store; guests never reach it. */
  readonly store: AccountStore;
  readonly clock: Clock;
  readonly newId: NewId;
  /** Where guests start. */
  readonly startLocationId: () => string;
  /** `--guests`: whether `connect guest` is allowed. */
  readonly enabled: boolean;
  /** The most guests at once; defaults to 20. */
  readonly max?: number;
  /** Called once a guest exists (e.g. to put it on the default channel). */
  readonly created?: (character: Character) => Promise<void>;
}

/** Temporary Guest-N players, held in memory beside the real accounts and forgotten when they leave. */
export interface GuestAccounts {
  /** The real store with the guests laid over it: every part of the core sees guests through this. */
  readonly store: AccountStore;
  /** Creates Guest-N (N the lowest free number); refused with GUESTS_DISABLED or GUESTS_FULL. */
  login(): Promise<LoginResult>;
  isGuest(characterId: string): boolean;
  /** Forgets a guest; returns it, or undefined when `characterId` is not one. */
  remove(characterId: string): Character | undefined;
  /** The guests' character ids. */
  ids(): string[];
}

/**
 * Creates guest logins. Known limitation: guests live in the core's memory, so a core restart ends them
 * (their sessions then fail to resume and the player is back at the login screen).
 */
export function createGuestAccounts(deps: GuestAccountsDeps): GuestAccounts {
  const { store } = deps;
  const max = deps.max ?? 20;
  const players = new Map<string, Player>();
  const characters = new Map<string, Character>();
  const byName = (name: string) => [...characters.values()].find((c) => nameKey(c.name) === nameKey(name));
  const playerByName = (name: string) => [...players.values()].find((p) => nameKey(p.name) === nameKey(name));
  /** Guests' own page blocks, forgotten with them (a guest never reaches the real store). */
  const blocks = new Map<string, Set<string>>();
  const patch = (id: string, change: Partial<Character>) => {
    const c = characters.get(id);
    if (c) characters.set(id, { ...c, ...change });
  };

  const overlay: AccountStore = {
    createPlayer: (player, character) => store.createPlayer(player, character),
    createCharacter: (character) => store.createCharacter(character),
    findPlayerByName: async (name) => playerByName(name) ?? store.findPlayerByName(name),
    getPlayer: async (id) => players.get(id) ?? store.getPlayer(id),
    getCharacter: async (id) => characters.get(id) ?? store.getCharacter(id),
    findCharacterByName: async (name) => byName(name) ?? store.findCharacterByName(name),
    setPasswordHash: async (playerId, hash) =>
      players.has(playerId) ? undefined : store.setPasswordHash(playerId, hash),
    setRole: async (playerId, role) => (players.has(playerId) ? undefined : store.setRole(playerId, role)),
    listCharacters: async (playerId) =>
      players.has(playerId)
        ? [...characters.values()].filter((c) => c.playerId === playerId)
        : store.listCharacters(playerId),
    markPlayed: async (id, at) =>
      characters.has(id) ? patch(id, { lastPlayedAt: at }) : store.markPlayed(id, at),
    setLocation: async (id, locationId) =>
      characters.has(id) ? patch(id, { locationId }) : store.setLocation(id, locationId),
    countPlayers: () => store.countPlayers(),
    findNameLike: async (name) =>
      [...characters.values()].find((c) => nameSkeleton(c.name) === nameSkeleton(name))?.name ??
      store.findNameLike(name),
    addBlock: async (id, senderId, at) => {
      if (!characters.has(id)) return store.addBlock(id, senderId, at);
      blocks.set(id, (blocks.get(id) ?? new Set()).add(senderId));
    },
    removeBlock: async (id, senderId) =>
      characters.has(id) ? (blocks.get(id)?.delete(senderId) ?? false) : store.removeBlock(id, senderId),
    listBlocks: async (id) => (characters.has(id) ? [...(blocks.get(id) ?? [])] : store.listBlocks(id)),
    isBlocked: async (id, senderId) =>
      characters.has(id) ? (blocks.get(id)?.has(senderId) ?? false) : store.isBlocked(id, senderId),
  };

  return {
    store: overlay,
    async login() {
      if (!deps.enabled) throw new HoloError("permission_denied", GUESTS_DISABLED);
      if (characters.size >= max) throw new HoloError("resource_exhausted", GUESTS_FULL);
      let n = 1;
      while (byName(`Guest-${n}`)) n += 1;
      const now = deps.clock.now();
      const name = `Guest-${n}`;
      const player: Player = { id: deps.newId(), name, passwordHash: "", role: "guest", createdAt: now };
      const character: Character = {
        id: deps.newId(),
        playerId: player.id,
        name,
        locationId: deps.startLocationId(),
        createdAt: now,
      };
      players.set(player.id, player);
      characters.set(character.id, character);
      await deps.created?.(character);
      return { player, characters: [character] };
    },
    isGuest: (id) => characters.has(id),
    remove(id) {
      const character = characters.get(id);
      if (!character) return undefined;
      characters.delete(id);
      blocks.delete(id);
      players.delete(character.playerId);
      return character;
    },
    ids: () => [...characters.keys()],
  };
}
