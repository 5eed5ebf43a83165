import { describe } from "bun:test";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { openPostgresEventStore } from "#core/store/postgres/postgres-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { postgresAvailable, suiteDatabase } from "#test/support/pg-database.ts";
import { createPostgresWorldCheckpointStore } from "./postgres-world-checkpoint-store.ts";
import { worldRebuildContract } from "./world-rebuild.contract.ts";

const reachable = await postgresAvailable("postgres world rebuild");

describe.skipIf(!reachable)("postgres", () => {
  const throwaway = suiteDatabase();

  worldRebuildContract("postgres", async () => {
    const log = collectingLogger().logger;
    const database = await openPostgresDatabase({ url: throwaway.url, unsafeDurability: false, log });
    const events = await openPostgresEventStore({ database, log });
    const close = async () => {
      await events.close();
      await database.close();
    };
    return { events: { ...events, close }, checkpoints: createPostgresWorldCheckpointStore(database) };
  });
});
