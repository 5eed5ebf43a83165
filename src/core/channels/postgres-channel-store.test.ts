import { describe } from "bun:test";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { postgresAvailable, suiteDatabase } from "#test/support/pg-database.ts";
import { channelStoreContract } from "./channel-store.contract.ts";
import { createPostgresChannelStore } from "./postgres-channel-store.ts";

const reachable = await postgresAvailable("postgres channel store contract");

describe.skipIf(!reachable)("postgres", () => {
  const throwaway = suiteDatabase();

  channelStoreContract("postgres", async () => {
    const database = await openPostgresDatabase({
      url: throwaway.url,
      unsafeDurability: false,
      log: collectingLogger().logger,
    });
    await database.sql`truncate channels, channel_members, channel_marks`;
    await database.sql`update channel_projection set position = 0`;
    return { ...createPostgresChannelStore(database), [Symbol.asyncDispose]: () => database.close() };
  });
});
