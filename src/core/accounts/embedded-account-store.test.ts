import { expect, test } from "bun:test";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { accountStoreContract, testPlayer } from "./account-store.contract.ts";
import { createEmbeddedAccountStore } from "./embedded-account-store.ts";

accountStoreContract("embedded", async () => {
  const database = await openEmbeddedDatabase({
    path: ":memory:",
    unsafeDurability: true,
    log: collectingLogger().logger,
  });
  return { ...createEmbeddedAccountStore(database), [Symbol.asyncDispose]: () => database.close() };
});

test("names stored before look-alike keys keep them, and no new look-alike can join them", async () => {
  const database = await openEmbeddedDatabase({
    path: ":memory:",
    unsafeDurability: true,
    log: collectingLogger().logger,
  });
  try {
    const insert = database.db.query(
      "INSERT INTO players (id, name, name_key, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'player', ?)",
    );
    insert.run("P1", "Alice", "alice", 1);
    insert.run("P2", "AIice", "aiice", 2);
    const store = createEmbeddedAccountStore(database);
    expect(await store.findNameLike("A1ice")).toBe("Alice");
    expect([
      (await store.findPlayerByName("alice"))?.id,
      (await store.findPlayerByName("aiice"))?.id,
    ]).toEqual(["P1", "P2"]);
    const [player, character] = testPlayer("A1ice");
    await expect(store.createPlayer(player, character)).rejects.toThrow(
      "That name is too much like an existing one.",
    );
  } finally {
    await database.close();
  }
});
