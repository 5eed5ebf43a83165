import type { Role } from "./account-rules.ts";

/** A player account: who logs in. Distinct from the characters it plays; one player may have several. */
export interface Player {
  readonly id: string;
  readonly name: string;
  /** The argon2id hash; never leaves the core. */
  readonly passwordHash: string;
  readonly role: Role;
  readonly createdAt: number;
}

/** A character a player plays. */
export interface Character {
  readonly id: string;
  readonly playerId: string;
  readonly name: string;
  /** Where the character is; its activity is the stream `location:<locationId>`. */
  readonly locationId: string;
  readonly createdAt: number;
  /** When the character last entered the game; undefined if never. */
  readonly lastPlayedAt?: number;
}

/**
 * Players and their characters. Names are unique case-insensitively among players and among
 * characters, and so are their look-alike keys (nameSkeleton, name-rules.ts), which the store computes and
 * keeps itself: a taken or look-alike name throws HoloError("already_exists"), so no race can add a second
 * "Alice" beside "AIice". Names stored before the keys existed keep theirs: the first of a look-alike
 * group holds the key. Also holds each character's page blocks. An unreachable store throws "unavailable".
 */
export interface AccountStore {
  /** Creates a player and its first character atomically. */
  createPlayer(player: Player, character: Character): Promise<void>;
  /** Adds another character to an existing player. */
  createCharacter(character: Character): Promise<void>;
  /** The player named `name` (any case), or undefined. */
  findPlayerByName(name: string): Promise<Player | undefined>;
  getPlayer(id: string): Promise<Player | undefined>;
  getCharacter(id: string): Promise<Character | undefined>;
  /** The character named `name` (any case), or undefined. */
  findCharacterByName(name: string): Promise<Character | undefined>;
  /** Replaces a player's password hash; an unknown id is a no-op. */
  setPasswordHash(playerId: string, passwordHash: string): Promise<void>;
  /** Sets a player's role; an unknown id is a no-op. */
  setRole(playerId: string, role: Role): Promise<void>;
  /** The player's characters, most recently played first, never-played last by creation. */
  listCharacters(playerId: string): Promise<Character[]>;
  /** Records that the character entered the game at `at`. */
  markPlayed(characterId: string, at: number): Promise<void>;
  /** Moves a character. */
  setLocation(characterId: string, locationId: string): Promise<void>;
  /** How many players exist. */
  countPlayers(): Promise<number>;
  /** The stored player or character name that looks like `name` (same nameSkeleton), or undefined. */
  findNameLike(name: string): Promise<string | undefined>;
  /** Records that `characterId` refuses pages and whispers from `senderId`; a repeat is a no-op. */
  addBlock(characterId: string, senderId: string, at: number): Promise<void>;
  /** Lifts a block; returns whether there was one. */
  removeBlock(characterId: string, senderId: string): Promise<boolean>;
  /** The ids `characterId` blocks, oldest block first. */
  listBlocks(characterId: string): Promise<string[]>;
  /** Whether `characterId` blocks `senderId`. */
  isBlocked(characterId: string, senderId: string): Promise<boolean>;
}

/** Sorts characters most recently played first, then by creation. */
export function byLastPlayed(a: Character, b: Character): number {
  const pa = a.lastPlayedAt ?? -1;
  const pb = b.lastPlayedAt ?? -1;
  return pb - pa || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
}
