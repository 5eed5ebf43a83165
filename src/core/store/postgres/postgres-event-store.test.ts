import { describe } from "bun:test";
import { eventStoreContract } from "#core/events/event-store.contract.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { postgresAvailable, suiteDatabase } from "#test/support/pg-database.ts";
import { openPostgresDatabase } from "./postgres-database.ts";
import { openPostgresEventStore } from "./postgres-event-store.ts";

const reachable = await postgresAvailable("postgres event store contract");

describe.skipIf(!reachable)("postgres", () => {
  const throwaway = suiteDatabase();

  eventStoreContract("postgres", async () => {
    const log = collectingLogger().logger;
    const database = await openPostgresDatabase({ url: throwaway.url, unsafeDurability: false, log });
    await database.sql`truncate events`;
    const store = await openPostgresEventStore({ database, log });
    const close = async () => {
      await store.close();
      await database.close();
    };
    return { ...store, close, [Symbol.asyncDispose]: close };
  });
});
