import type { PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { postgresError } from "#core/store/postgres/postgres-error.ts";
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
  created_at: string;
}
interface CharacterRow {
  id: string;
  player_id: string;
  name: string;
  location_id: string;
  created_at: string;
  last_played_at: string | null;
}

// postgres.js returns bigint columns as strings; every stored time fits a double.
const toPlayer = (r: PlayerRow): Player => ({
  id: r.id,
  name: r.name,
  passwordHash: r.password_hash,
  role: r.role as Role,
  createdAt: Number(r.created_at),
});
const toCharacter = (r: CharacterRow): Character => ({
  id: r.id,
  playerId: r.player_id,
  name: r.name,
  locationId: r.location_id,
  createdAt: Number(r.created_at),
  ...(r.last_played_at === null ? {} : { lastPlayedAt: Number(r.last_played_at) }),
});

function storeError(error: unknown): HoloError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "23505") {
    const constraint = String((error as { constraint_name?: unknown }).constraint_name ?? "");
    const message = constraint.endsWith("name_skeleton") ? TOO_SIMILAR : "That name is already taken.";
    return new HoloError("already_exists", message, { cause: error });
  }
  if (code === "23503") return new HoloError("not_found", "No such player.", { cause: error });
  return postgresError(error);
}

/** Creates the AccountStore kept in PostgreSQL (migration 3). */
export function createPostgresAccountStore(database: PostgresDatabase): AccountStore {
  const { sql } = database;
  const guard = storeGuard(storeError);
  const insertCharacter = (tx: typeof sql, c: Character) => tx`
    insert into characters (id, player_id, name, name_key, name_skeleton, location_id, created_at, last_played_at)
    values (${c.id}, ${c.playerId}, ${c.name}, ${nameKey(c.name)}, ${nameSkeleton(c.name)}, ${c.locationId},
      ${c.createdAt}, ${c.lastPlayedAt ?? null})`;
  // Names stored before migration 9 get their look-alike keys before the first use of the keys.
  let filled: Promise<void> | undefined;
  const skeletonsFilled = () => {
    filled ??= fillSkeletons(sql).catch((error: unknown) => {
      filled = undefined;
      throw error;
    });
    return filled;
  };

  return {
    createPlayer: (p, c) =>
      guard(async () => {
        await skeletonsFilled();
        await sql.begin(async (tx) => {
          await tx`insert into players (id, name, name_key, name_skeleton, password_hash, role, created_at)
            values (${p.id}, ${p.name}, ${nameKey(p.name)}, ${nameSkeleton(p.name)}, ${p.passwordHash}, ${p.role},
              ${p.createdAt})`;
          await insertCharacter(tx as unknown as typeof sql, c);
        });
      }),
    createCharacter: (c) =>
      guard(async () => {
        await skeletonsFilled();
        await insertCharacter(sql, c);
      }),
    findPlayerByName: (name) =>
      guard(async () => {
        const [row] = await sql<PlayerRow[]>`select * from players where name_key = ${nameKey(name)}`;
        return row && toPlayer(row);
      }),
    getPlayer: (id) =>
      guard(async () => {
        const [row] = await sql<PlayerRow[]>`select * from players where id = ${id}`;
        return row && toPlayer(row);
      }),
    getCharacter: (id) =>
      guard(async () => {
        const [row] = await sql<CharacterRow[]>`select * from characters where id = ${id}`;
        return row && toCharacter(row);
      }),
    findCharacterByName: (name) =>
      guard(async () => {
        const [row] = await sql<CharacterRow[]>`select * from characters where name_key = ${nameKey(name)}`;
        return row && toCharacter(row);
      }),
    setPasswordHash: (playerId, hash) =>
      guard(async () => void (await sql`update players set password_hash = ${hash} where id = ${playerId}`)),
    setRole: (playerId, role) =>
      guard(async () => void (await sql`update players set role = ${role} where id = ${playerId}`)),
    listCharacters: (playerId) =>
      guard(async () =>
        (
          await sql<CharacterRow[]>`select * from characters where player_id = ${playerId}
            order by coalesce(last_played_at, -1) desc, created_at, id`
        ).map(toCharacter),
      ),
    markPlayed: (characterId, at) =>
      guard(
        async () => void (await sql`update characters set last_played_at = ${at} where id = ${characterId}`),
      ),
    setLocation: (characterId, locationId) =>
      guard(
        async () =>
          void (await sql`update characters set location_id = ${locationId} where id = ${characterId}`),
      ),
    countPlayers: () =>
      guard(async () => Number((await sql<{ n: string }[]>`select count(*) as n from players`)[0]?.n ?? 0)),
    findNameLike: (name) =>
      guard(async () => {
        await skeletonsFilled();
        const key = nameSkeleton(name);
        const [row] = await sql<{ name: string }[]>`select name from players where name_skeleton = ${key}
          union all select name from characters where name_skeleton = ${key} limit 1`;
        return row?.name;
      }),
    addBlock: (characterId, senderId, at) =>
      guard(
        async () =>
          void (await sql`insert into page_blocks (character_id, blocked_id, created_at)
            values (${characterId}, ${senderId}, ${at}) on conflict do nothing`),
      ),
    removeBlock: (characterId, senderId) =>
      guard(
        async () =>
          (
            await sql`delete from page_blocks where character_id = ${characterId} and blocked_id = ${senderId}`
          ).count > 0,
      ),
    listBlocks: (characterId) =>
      guard(async () =>
        (
          await sql<{ blocked_id: string }[]>`select blocked_id from page_blocks
            where character_id = ${characterId} order by created_at, blocked_id`
        ).map((r) => r.blocked_id),
      ),
    isBlocked: (characterId, senderId) =>
      guard(
        async () =>
          (
            await sql`select 1 from page_blocks where character_id = ${characterId} and blocked_id = ${senderId}`
          ).length > 0,
      ),
  };
}

/**
 * Gives each name stored without a look-alike key (before migration 9) its key, oldest first; a name that
 * looks like one already keyed keeps none, so both players keep their names and no new one can join them.
 * Another core filling at the same time only makes an update fail its unique check, which is ignored.
 */
async function fillSkeletons(sql: PostgresDatabase["sql"]): Promise<void> {
  for (const table of ["players", "characters"] as const) {
    const rows = await sql<{ id: string; name: string }[]>`select id, name from ${sql(table)}
      where name_skeleton is null order by created_at, id`;
    for (const row of rows) {
      const key = nameSkeleton(row.name);
      try {
        await sql`update ${sql(table)} set name_skeleton = ${key} where id = ${row.id}
          and not exists (select 1 from ${sql(table)} where name_skeleton = ${key})`;
      } catch (error) {
        if ((error as { code?: unknown }).code !== "23505") throw error;
      }
    }
  }
}
