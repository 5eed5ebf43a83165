import { afterAll, beforeAll, describe } from "bun:test";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  type ThrowawayPgDatabase,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { createPostgresSessionStore } from "./postgres-session-store.ts";
import { sessionStoreContract } from "./session-store.contract.ts";

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres session store contract");

describe.skipIf(!reachable)("postgres", () => {
  let throwaway: ThrowawayPgDatabase;
  beforeAll(async () => {
    throwaway = await createThrowawayPgDatabase();
  });
  afterAll(async () => throwaway[Symbol.asyncDispose]());

  sessionStoreContract("postgres", async () => {
    const database = await openPostgresDatabase({
      url: throwaway.url,
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
    await database.sql`truncate sessions cascade`;
    return { ...createPostgresSessionStore(database), [Symbol.asyncDispose]: () => database.close() };
  });
});
