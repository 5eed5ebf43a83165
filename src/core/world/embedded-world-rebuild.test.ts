import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { createEmbeddedEventStore } from "#core/store/embedded/embedded-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createEmbeddedWorldCheckpointStore } from "./embedded-world-checkpoint-store.ts";
import { worldRebuildContract } from "./world-rebuild.contract.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-world-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

worldRebuildContract("embedded", async () => {
  const log = collectingLogger().logger;
  const database = await openEmbeddedDatabase({ path: join(dir, "world.db"), unsafeDurability: false, log });
  const events = createEmbeddedEventStore({ database, log });
  const close = async () => {
    await events.close();
    await database.close();
  };
  return { events: { ...events, close }, checkpoints: createEmbeddedWorldCheckpointStore(database) };
});
