import postgres, { type Sql } from "postgres";
import { durabilityVerdict } from "#core/store/durability-verdict.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { type Migration, pendingMigrations } from "../migration.ts";
import { postgresError } from "./postgres-error.ts";
import { postgresMigrations } from "./postgres-migrations.ts";

/** Advisory lock keys HoloMUSH takes; all cores sharing a database use the same ones. */
export const advisoryLocks = { migrations: 4_812_017_001, events: 4_812_017_002 } as const;

/** How the Postgres database is opened. */
export interface PostgresDatabaseConfig {
  /** `--database-url` / HOLOMUSH_DATABASE_URL. */
  readonly url: string;
  /** Accept settings that may lose acknowledged writes (`--unsafe-durability`). */
  readonly unsafeDurability: boolean;
  readonly log: Logger;
  /** Apply pending migrations on open; defaults to true. */
  readonly migrate?: boolean;
  /** Pool size; defaults to 8. */
  readonly maxConnections?: number;
}

/** An open connection pool, shared by every Postgres adapter. */
export interface PostgresDatabase extends AsyncDisposable {
  readonly kind: "postgres";
  readonly sql: Sql;
  close(): Promise<void>;
}

/**
 * Connects, reads synchronous_commit and fsync back (refusing "off" unless unsafeDurability) and migrates.
 * Every session runs with random_page_cost = 1.1 so the planner uses the (stream, position) index.
 */
export async function openPostgresDatabase(config: PostgresDatabaseConfig): Promise<PostgresDatabase> {
  const sql = postgres(config.url, {
    max: config.maxConnections ?? 8,
    connect_timeout: 5,
    onnotice: () => {},
    connection: { application_name: "holomush", random_page_cost: 1.1 },
  });
  const close = async () => sql.end({ timeout: 5 });
  try {
    const [settings] = await sql<{ synchronous_commit: string; fsync: string }[]>`
      select current_setting('synchronous_commit') as synchronous_commit, current_setting('fsync') as fsync`;
    checkDurability(settings ?? { synchronous_commit: "unknown", fsync: "unknown" }, config);
    if (config.migrate ?? true) await migratePostgres(sql, postgresMigrations, config.log);
  } catch (error) {
    await close();
    if (error instanceof HoloError) throw error;
    const mapped = postgresError(error);
    throw new HoloError(mapped.code, `Cannot use the database: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { kind: "postgres", sql, close, [Symbol.asyncDispose]: close };
}

function checkDurability(
  settings: { synchronous_commit: string; fsync: string },
  config: PostgresDatabaseConfig,
) {
  const problems: string[] = [];
  if (settings.synchronous_commit === "off") problems.push("PostgreSQL synchronous_commit is off");
  if (settings.fsync !== "on") problems.push(`PostgreSQL fsync is ${settings.fsync}`);
  durabilityVerdict(problems, config);
}

/** Applies pending migrations in one transaction, under an advisory lock, and returns the versions applied. */
export async function migratePostgres(
  sql: Sql,
  migrations: readonly Migration[],
  log: Logger,
): Promise<number[]> {
  try {
    return await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${advisoryLocks.migrations})`;
      await tx`create table if not exists schema_migrations (
        version integer primary key, name text not null, applied_at timestamptz not null default now())`;
      const applied = (await tx<{ version: number }[]>`select version from schema_migrations`).map(
        (r) => r.version,
      );
      const pending = pendingMigrations(migrations, applied);
      for (const m of pending) {
        await tx.unsafe(m.sql);
        await tx`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`;
        log.info(`applied migration ${m.version} ${m.name}`);
      }
      return pending.map((m) => m.version);
    });
  } catch (error) {
    throw postgresError(error);
  }
}
