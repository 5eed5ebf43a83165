import { expect, test } from "bun:test";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createEmbeddedSessionStore } from "./embedded-session-store.ts";
import { sessionStoreContract, testSession } from "./session-store.contract.ts";

const open = () =>
  openEmbeddedDatabase({ path: ":memory:", unsafeDurability: true, log: collectingLogger().logger });

sessionStoreContract("embedded", async () => {
  const database = await open();
  return { ...createEmbeddedSessionStore(database), [Symbol.asyncDispose]: () => database.close() };
});

test("a command begun by an older core keeps its recorded seed and takes its first result", async () => {
  await using database = await open();
  const store = createEmbeddedSessionStore(database);
  const session = testSession();
  await store.create(session);
  const key = { sessionId: session.id, connectionId: "a", sequence: 1 };
  database.db
    .query(
      "INSERT INTO applied_commands (session_id, connection_id, sequence, id_seed, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .run(session.id, "a", 1, "OLDSEED", 10);
  expect(await store.findCommand(key)).toEqual({ idSeed: "OLDSEED", result: undefined });
  const result = { output: ["Hi"], lastPosition: 3, detach: false };
  await store.completeCommand(key, "NEWSEED", result, 11);
  expect(await store.findCommand(key)).toEqual({ idSeed: "OLDSEED", result });
});
