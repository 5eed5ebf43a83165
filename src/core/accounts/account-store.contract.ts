import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import type { AccountStore, Character, Player } from "./account-store.ts";

let n = 0;
/** A player and its first character, with fresh ids, for contract tests. */
export function testPlayer(name: string, role: Player["role"] = "player"): [Player, Character] {
  n += 1;
  const player: Player = { id: `P${n}`, name, passwordHash: "$argon2id$fake", role, createdAt: 1000 + n };
  const character: Character = {
    id: `C${n}`,
    playerId: player.id,
    name,
    locationId: "lobby",
    createdAt: 1000 + n,
  };
  return [player, character];
}

const messageOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? `${e.code}: ${e.message}` : `untyped: ${String(e)}`),
  );

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? e.code : `untyped: ${String(e)}`),
  );

/** The behaviour every AccountStore adapter must show; `open` gives an empty store each time. */
export function accountStoreContract(
  name: string,
  open: () => Promise<AccountStore & AsyncDisposable>,
): void {
  describe(`${name} account store`, () => {
    test("a created player and character are found again, the player by name in any case", async () => {
      await using store = await open();
      const [player, character] = testPlayer("Alice", "admin");
      await store.createPlayer(player, character);
      expect(await store.findPlayerByName("aLiCe")).toEqual(player);
      expect(await store.getPlayer(player.id)).toEqual(player);
      expect(await store.getCharacter(character.id)).toEqual(character);
      expect(await store.listCharacters(player.id)).toEqual([character]);
      expect(await store.countPlayers()).toBe(1);
    });

    test("unknown names and ids are undefined", async () => {
      await using store = await open();
      expect(await store.findPlayerByName("nobody")).toBeUndefined();
      expect(await store.getPlayer("x")).toBeUndefined();
      expect(await store.getCharacter("x")).toBeUndefined();
      expect(await store.listCharacters("x")).toEqual([]);
    });

    test("player and character names are unique case-insensitively", async () => {
      await using store = await open();
      await store.createPlayer(...testPlayer("Bob"));
      expect(await codeOf(store.createPlayer(...testPlayer("BOB")))).toBe("already_exists");
      const [player] = testPlayer("Carol");
      const [, other] = testPlayer("carol");
      await store.createPlayer(player, { ...other, name: "Dave", playerId: player.id });
      expect(await codeOf(store.createCharacter({ ...other, name: "dAvE", playerId: player.id }))).toBe(
        "already_exists",
      );
      expect(await store.countPlayers()).toBe(2);
    });

    test("a failed creation leaves no half-made player", async () => {
      await using store = await open();
      await store.createPlayer(...testPlayer("Erin"));
      const [player, character] = testPlayer("Frank");
      expect(await codeOf(store.createPlayer(player, { ...character, name: "erin" }))).toBe("already_exists");
      expect(await store.findPlayerByName("Frank")).toBeUndefined();
    });

    test("characters are listed most recently played first", async () => {
      await using store = await open();
      const [player, first] = testPlayer("Gina");
      await store.createPlayer(player, first);
      const second: Character = {
        ...first,
        id: `${first.id}b`,
        name: "Gina2",
        createdAt: first.createdAt + 1,
      };
      const third: Character = {
        ...first,
        id: `${first.id}c`,
        name: "Gina3",
        createdAt: first.createdAt + 2,
      };
      await store.createCharacter(second);
      await store.createCharacter(third);
      await store.markPlayed(third.id, 5000);
      await store.markPlayed(first.id, 6000);
      const names = (await store.listCharacters(player.id)).map((c) => [c.name, c.lastPlayedAt]);
      expect(names).toEqual([
        ["Gina", 6000],
        ["Gina3", 5000],
        ["Gina2", undefined],
      ]);
    });

    test("a character is found by name in any case, and a password hash can be replaced", async () => {
      await using store = await open();
      const [player, character] = testPlayer("Ivy");
      await store.createPlayer(player, character);
      expect(await store.findCharacterByName("IVY")).toEqual(character);
      expect(await store.findCharacterByName("Ivan")).toBeUndefined();
      await store.setPasswordHash(player.id, "$argon2id$other");
      await store.setPasswordHash("nobody", "$argon2id$other");
      expect(await store.getPlayer(player.id)).toEqual({ ...player, passwordHash: "$argon2id$other" });
    });

    test("a player's role can be changed", async () => {
      await using store = await open();
      const [player, character] = testPlayer("Jo");
      await store.createPlayer(player, character);
      await store.setRole(player.id, "builder");
      await store.setRole("nobody", "admin");
      expect(await store.getPlayer(player.id)).toEqual({ ...player, role: "builder" });
    });

    test("a character's location can be changed", async () => {
      await using store = await open();
      const [player, character] = testPlayer("Hank");
      await store.createPlayer(player, character);
      await store.setLocation(character.id, "garden");
      expect((await store.getCharacter(character.id))?.locationId).toBe("garden");
    });

    test("a name that looks like a stored one is refused by the store itself, for players and characters", async () => {
      await using store = await open();
      const [player, character] = testPlayer("Alice");
      await store.createPlayer(player, character);
      expect(await store.findNameLike("A1ice")).toBe("Alice");
      expect(await store.findNameLike("Alicia")).toBeUndefined();
      const similar = "already_exists: That name is too much like an existing one.";
      expect(await messageOf(store.createPlayer(...testPlayer("AIice")))).toBe(similar);
      const [, other] = testPlayer("A1ice");
      expect(await messageOf(store.createCharacter({ ...other, playerId: player.id }))).toBe(similar);
      expect(await store.countPlayers()).toBe(1);
    });

    test("page blocks are kept, listed oldest first, and lifted", async () => {
      await using store = await open();
      const [player, character] = testPlayer("Kim");
      await store.createPlayer(player, character);
      await store.addBlock(character.id, "S2", 10);
      await store.addBlock(character.id, "S1", 20);
      await store.addBlock(character.id, "S2", 30);
      expect(await store.listBlocks(character.id)).toEqual(["S2", "S1"]);
      expect([await store.isBlocked(character.id, "S1"), await store.isBlocked(character.id, "S3")]).toEqual([
        true,
        false,
      ]);
      expect([
        await store.removeBlock(character.id, "S1"),
        await store.removeBlock(character.id, "S1"),
      ]).toEqual([true, false]);
      expect(await store.listBlocks(character.id)).toEqual(["S2"]);
      expect(await store.listBlocks("nobody")).toEqual([]);
    });
  });
}
