import { afterAll, beforeAll, describe } from "bun:test";

import { openPostgresDatabase, type PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  type ThrowawayPgDatabase,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { pluginDataStoreContract } from "./plugin-data-store.contract.ts";
import { createPostgresPluginDataStore } from "./postgres-plugin-data-store.ts";

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres plugin data store contract");

describe.skipIf(!reachable)("postgres", () => {
  let throwaway: ThrowawayPgDatabase;
  let database: PostgresDatabase;
  beforeAll(async () => {
    throwaway = await createThrowawayPgDatabase();
    database = await openPostgresDatabase({
      url: throwaway.url,
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
  });
  afterAll(async () => {
    await database.close();
    await throwaway[Symbol.asyncDispose]();
  });

  pluginDataStoreContract("postgres", async () => {
    await database.sql`truncate plugin_data`;
    return createPostgresPluginDataStore(database);
  });
});
