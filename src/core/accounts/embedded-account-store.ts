import type { EmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { sqliteError } from "#core/store/embedded/sqlite-error.ts";
import { storeGuard } from "#core/store/store-guard.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { nameKey, type Role } from "./account-rules.ts";
import type { AccountStore, Character, Player } from "./account-store.ts";
import { nameSkeleton, TOO_SIMILAR } from "./name-rules.ts";

interface PlayerRow {
  id: string;
  name: string;
  password_hash: string;
  role: string;
  created_at: number;
}
interface CharacterRow {
  id: string;
  player_id: string;
  name: string;
  location_id: string;
  created_at: number;
  last_played_at: number | null;
}

const toPlayer = (r: PlayerRow): Player => ({
  id: r.id,
  name: r.name,
  passwordHash: r.password_hash,
  role: r.role as Role,
  createdAt: r.created_at,
});
const toCharacter = (r: CharacterRow): Character => ({
  id: r.id,
  playerId: r.player_id,
  name: r.name,
  locationId: r.location_id,
  createdAt: r.created_at,
  ...(r.last_played_at === null ? {} : { lastPlayedAt: r.last_played_at }),
});

function storeError(error: unknown): HoloError {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT_UNIQUE")) {
    const similar = String((error as Error).message).includes("name_skeleton");
    return new HoloError("already_exists", similar ? TOO_SIMILAR : "That name is already taken.", {
      cause: error,
    });
  }
  if (typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT_FOREIGNKEY")) {
    return new HoloError("not_found", "No such player.", { cause: error });
  }
  return sqliteError(error);
}

/** Creates the AccountStore kept in the embedded database (migration 3). */
export function createEmbeddedAccountStore(database: EmbeddedDatabase): AccountStore {
  const { db } = database;
  const insertPlayer = db.query(
    "INSERT INTO players (id, name, name_key, name_skeleton, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insertCharacter = db.query(
    "INSERT INTO characters (id, player_id, name, name_key, name_skeleton, location_id, created_at, last_played_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const addCharacter = (c: Character) =>
    insertCharacter.run(
      c.id,
      c.playerId,
      c.name,
      nameKey(c.name),
      nameSkeleton(c.name),
      c.locationId,
      c.createdAt,
      c.lastPlayedAt ?? null,
    );
  const createBoth = db.transaction((p: Player, c: Character) => {
    insertPlayer.run(
      p.id,
      p.name,
      nameKey(p.name),
      nameSkeleton(p.name),
      p.passwordHash,
      p.role,
      p.createdAt,
    );
    addCharacter(c);
  });
  const playerBy = (column: "id" | "name_key") =>
    db.query<PlayerRow, [string]>(`SELECT * FROM players WHERE ${column} = ?`);
  const byId = playerBy("id");
  const byName = playerBy("name_key");
  const characterById = db.query<CharacterRow, [string]>("SELECT * FROM characters WHERE id = ?");
  const charactersOf = db.query<CharacterRow, [string]>(
    "SELECT * FROM characters WHERE player_id = ? ORDER BY COALESCE(last_played_at, -1) DESC, created_at, id",
  );
  const characterByName = db.query<CharacterRow, [string]>("SELECT * FROM characters WHERE name_key = ?");
  const rehash = db.query("UPDATE players SET password_hash = ? WHERE id = ?");
  const promote = db.query("UPDATE players SET role = ? WHERE id = ?");
  const played = db.query("UPDATE characters SET last_played_at = ? WHERE id = ?");
  const moved = db.query("UPDATE characters SET location_id = ? WHERE id = ?");
  const count = db.query<{ n: number }, []>("SELECT count(*) AS n FROM players");
  const nameLike = db.query<{ name: string }, [string, string]>(
    "SELECT name FROM players WHERE name_skeleton = ? UNION ALL SELECT name FROM characters WHERE name_skeleton = ? LIMIT 1",
  );
  const block = db.query(
    "INSERT OR IGNORE INTO page_blocks (character_id, blocked_id, created_at) VALUES (?, ?, ?)",
  );
  const unblock = db.query("DELETE FROM page_blocks WHERE character_id = ? AND blocked_id = ?");
  const blocksOf = db.query<{ blocked_id: string }, [string]>(
    "SELECT blocked_id FROM page_blocks WHERE character_id = ? ORDER BY created_at, rowid",
  );
  const blocked = db.query<{ n: number }, [string, string]>(
    "SELECT 1 AS n FROM page_blocks WHERE character_id = ? AND blocked_id = ?",
  );
  fillSkeletons(database);

  const guard = storeGuard(storeError);
  return {
    createPlayer: (player, character) => guard(() => createBoth.immediate(player, character)),
    createCharacter: (character) => guard(() => void addCharacter(character)),
    findPlayerByName: (name) => guard(() => mapRow(byName.get(nameKey(name)), toPlayer)),
    getPlayer: (id) => guard(() => mapRow(byId.get(id), toPlayer)),
    getCharacter: (id) => guard(() => mapRow(characterById.get(id), toCharacter)),
    findCharacterByName: (name) => guard(() => mapRow(characterByName.get(nameKey(name)), toCharacter)),
    setPasswordHash: (playerId, hash) => guard(() => void rehash.run(hash, playerId)),
    setRole: (playerId, role) => guard(() => void promote.run(role, playerId)),
    listCharacters: (playerId) => guard(() => charactersOf.all(playerId).map(toCharacter)),
    markPlayed: (characterId, at) => guard(() => void played.run(at, characterId)),
    setLocation: (characterId, locationId) => guard(() => void moved.run(locationId, characterId)),
    countPlayers: () => guard(() => count.get()?.n ?? 0),
    findNameLike: (name) => guard(() => nameLike.get(nameSkeleton(name), nameSkeleton(name))?.name),
    addBlock: (characterId, senderId, at) => guard(() => void block.run(characterId, senderId, at)),
    removeBlock: (characterId, senderId) => guard(() => unblock.run(characterId, senderId).changes > 0),
    listBlocks: (characterId) => guard(() => blocksOf.all(characterId).map((r) => r.blocked_id)),
    isBlocked: (characterId, senderId) => guard(() => blocked.get(characterId, senderId) !== null),
  };
}

/**
 * Gives each name stored without a look-alike key (before migration 9) its key, oldest first; a name that
 * looks like one already keyed keeps none, so both players keep their names and no new one can join them.
 */
function fillSkeletons({ db }: EmbeddedDatabase): void {
  const fill = db.transaction(() => {
    for (const table of ["players", "characters"] as const) {
      const rows = db
        .query<{ id: string; name: string }, []>(
          `SELECT id, name FROM ${table} WHERE name_skeleton IS NULL ORDER BY created_at, id`,
        )
        .all();
      const held = db.query<{ n: number }, [string]>(`SELECT 1 AS n FROM ${table} WHERE name_skeleton = ?`);
      const set = db.query(`UPDATE ${table} SET name_skeleton = ? WHERE id = ?`);
      for (const row of rows) {
        const key = nameSkeleton(row.name);
        if (held.get(key) === null) set.run(key, row.id);
      }
    }
  });
  fill.immediate();
}

function mapRow<R, T>(row: R | null, map: (r: R) => T): T | undefined {
  return row === null ? undefined : map(row);
}
