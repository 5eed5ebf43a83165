import { afterAll, beforeAll } from "bun:test";
import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** The maintenance database that throwaway test databases are created from. */
export const pgAdminUrl = process.env.HOLOMUSH_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A database created for one test run and dropped on dispose. */
export interface ThrowawayPgDatabase extends AsyncDisposable {
  readonly name: string;
  readonly url: string;
}

const admin = () => postgres(pgAdminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });

/** True when the test Postgres answers; suites skip (visibly) when it does not. */
export async function isPostgresReachable(): Promise<boolean> {
  const sql = admin();
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Prints the reason a Postgres suite is skipped, so a skip is never silent. */
export function warnPostgresSkipped(suite: string): void {
  console.warn(`SKIPPED ${suite}: PostgreSQL is unreachable at ${pgAdminUrl}`);
}

/** Creates `holomush_test_<random>` and returns its URL; disposing drops it (forcing connections out). */
export async function createThrowawayPgDatabase(): Promise<ThrowawayPgDatabase> {
  const name = `holomush_test_${randomBytes(6).toString("hex")}`;
  const sql = admin();
  try {
    await sql.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async [Symbol.asyncDispose]() {
      const drop = admin();
      try {
        await drop.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.end({ timeout: 1 });
      }
    },
  };
}

/** Whether Postgres suites run: true when reachable, else prints why `suite` is skipped. */
export async function postgresAvailable(suite: string): Promise<boolean> {
  const reachable = await isPostgresReachable();
  if (!reachable) warnPostgresSkipped(suite);
  return reachable;
}

/** Call inside a describe: a throwaway database created before the suite's tests and dropped after them. */
export function suiteDatabase(): { readonly url: string } {
  let database: ThrowawayPgDatabase | undefined;
  beforeAll(async () => {
    database = await createThrowawayPgDatabase();
  });
  afterAll(async () => database?.[Symbol.asyncDispose]());
  return {
    get url(): string {
      if (!database) throw new Error("the suite database exists only while the suite's tests run");
      return database.url;
    },
  };
}
