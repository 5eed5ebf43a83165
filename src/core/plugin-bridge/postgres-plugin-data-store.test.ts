import { afterAll, beforeAll, describe } from "bun:test";
import { openPostgresDatabase, type PostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { postgresAvailable, suiteDatabase } from "#test/support/pg-database.ts";
import { pluginDataStoreContract } from "./plugin-data-store.contract.ts";
import { createPostgresPluginDataStore } from "./postgres-plugin-data-store.ts";

const reachable = await postgresAvailable("postgres plugin data store contract");

describe.skipIf(!reachable)("postgres", () => {
  const throwaway = suiteDatabase();
  let database: PostgresDatabase;
  beforeAll(async () => {
    database = await openPostgresDatabase({
      url: throwaway.url,
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
  });
  afterAll(() => database.close());

  pluginDataStoreContract("postgres", async () => {
    await database.sql`truncate plugin_data`;
    return createPostgresPluginDataStore(database);
  });
});
