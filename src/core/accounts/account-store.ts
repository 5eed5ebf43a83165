import type { Role } from "./account-rules.ts";

/** A player account: who logs in. Distinct from the characters it plays (ARCHITECTURE.md §9). */
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
 * characters; a taken name throws HoloError("already_exists"). An unreachable store throws "unavailable".
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
}

/** Sorts characters most recently played first, then by creation. */
export function byLastPlayed(a: Character, b: Character): number {
  const pa = a.lastPlayedAt ?? -1;
  const pb = b.lastPlayedAt ?? -1;
  return pb - pa || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
}
