import { describe } from "bun:test";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { postgresAvailable, suiteDatabase } from "#test/support/pg-database.ts";
import { accountStoreContract } from "./account-store.contract.ts";
import { createPostgresAccountStore } from "./postgres-account-store.ts";

const reachable = await postgresAvailable("postgres account store contract");

describe.skipIf(!reachable)("postgres", () => {
  const throwaway = suiteDatabase();

  accountStoreContract("postgres", async () => {
    const database = await openPostgresDatabase({
      url: throwaway.url,
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
    await database.sql`truncate players, characters cascade`;
    return { ...createPostgresAccountStore(database), [Symbol.asyncDispose]: () => database.close() };
  });
});
