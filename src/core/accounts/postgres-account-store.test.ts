import { afterAll, beforeAll, describe } from "bun:test";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  type ThrowawayPgDatabase,
  warnPostgresSkipped,
} from "../../../test/support/pg-database.ts";
import { accountStoreContract } from "./account-store.contract.ts";
import { createPostgresAccountStore } from "./postgres-account-store.ts";

const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres account store contract");

describe.skipIf(!reachable)("postgres", () => {
  let throwaway: ThrowawayPgDatabase;
  beforeAll(async () => {
    throwaway = await createThrowawayPgDatabase();
  });
  afterAll(async () => throwaway[Symbol.asyncDispose]());

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
