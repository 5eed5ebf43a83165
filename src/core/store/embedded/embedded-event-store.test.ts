import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventStoreContract } from "#core/events/event-store.contract.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { openEmbeddedDatabase } from "./embedded-database.ts";
import { createEmbeddedEventStore } from "./embedded-event-store.ts";

const dir = mkdtempSync(join(tmpdir(), "holomush-embedded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

eventStoreContract("embedded", async () => {
  const log = collectingLogger().logger;
  const database = await openEmbeddedDatabase({
    path: join(dir, `store-${++n}.db`),
    unsafeDurability: false,
    log,
  });
  const store = createEmbeddedEventStore({ database, log });
  const close = async () => {
    await store.close();
    await database.close();
  };
  return { ...store, close, [Symbol.asyncDispose]: close };
});
