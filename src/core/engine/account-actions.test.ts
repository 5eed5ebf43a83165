import { describe, expect, test } from "bun:test";
import { testPlayer } from "#core/accounts/account-store.contract.ts";
import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { createPasswordHasher } from "#core/accounts/password-hasher.ts";
import { createPasswordThrottle } from "#core/accounts/password-throttle.ts";
import { createEventAppender } from "#core/events/event-appender.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { createAccountActions } from "./account-actions.ts";

async function setup(maxCharacters = 2) {
  const events = createMemoryEventStore({ log: collectingLogger().logger });
  const store = createMemoryAccountStore();
  const hasher = createPasswordHasher({ memoryCost: 1024, timeCost: 1 });
  const created: string[] = [];
  const clock = manualClock();
  const commands = createAccountActions({
    store,
    hasher,
    passwordThrottle: createPasswordThrottle(clock),
    append: createEventAppender(events, createMetricsRegistry()),
    clock,
    newId: sequentialIds("C"),
    startLocationId: () => "lobby",
    maxCharacters,
    characterCreated: async (c) => void created.push(c.name),
  });
  const [player, character] = testPlayer("Alice");
  await store.createPlayer({ ...player, passwordHash: await hasher.hash("old-password") }, character);
  const as = { id: character.id, name: character.name, newId: sequentialIds("E") };
  return { events, store, hasher, commands, player, as, created, clock };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? e.message : String(e)),
  );

describe("account actions", () => {
  test("password checks the old one, stores the new hash, and its event holds no password", async () => {
    const { commands, store, hasher, player, as, events } = await setup();
    expect(await refusal(commands.changePassword(as, player.id, "wrong-one = new-password"))).toBe(
      "That is not your current password.",
    );
    expect(await refusal(commands.changePassword(as, player.id, "old-password = short"))).toContain(
      "A password must be",
    );
    expect(await events.lastPosition()).toBe(0);
    const changed = await commands.changePassword(as, player.id, "old-password = new-password");
    expect(changed.map((e) => [e.stream, e.type, e.payload])).toEqual([
      [`char:${as.id}`, "password.changed", {}],
    ]);
    const hash = (await store.getPlayer(player.id))?.passwordHash ?? "";
    expect(await hasher.verify("new-password", hash)).toBe(true);
    expect(JSON.stringify(await events.readStreams({ [`char:${as.id}`]: 0 }, 10))).not.toContain("password1");
  });

  test("an admin's newpassword replaces another player's password", async () => {
    const { commands, store, hasher, as } = await setup();
    const [bob, bobChar] = testPlayer("Bob");
    await store.createPlayer(bob, bobChar);
    const events = await commands.resetPassword(as, "bob = fresh-password");
    expect(events.map((e) => [e.type, e.payload])).toEqual([["password.reset", { player: "Bob" }]]);
    expect(await hasher.verify("fresh-password", (await store.getPlayer(bob.id))?.passwordHash ?? "")).toBe(
      true,
    );
    expect(await refusal(commands.resetPassword(as, "nobody = fresh-password"))).toBe(
      'There is no player called "nobody".',
    );
  });

  test("character create adds characters up to the maximum, each announced once", async () => {
    const { commands, player, as, created } = await setup(2);
    await commands.createCharacter(as, player.id, "Alicia");
    expect((await commands.listCharacters(player.id)).map((c) => c.name).sort()).toEqual(["Alice", "Alicia"]);
    expect(created).toEqual(["Alicia"]);
    expect(await refusal(commands.createCharacter(as, player.id, "Alina"))).toBe(
      "You already have 2 characters, the most allowed.",
    );
    expect((await commands.ownCharacter(player.id, "alicia")).name).toBe("Alicia");
    expect(await refusal(commands.ownCharacter(player.id, "Bob"))).toBe(
      'You have no character called "Bob".',
    );
  });

  test("a taken or malformed character name is refused", async () => {
    const { commands, player, as } = await setup(5);
    expect(await refusal(commands.createCharacter(as, player.id, "alice"))).toBe(
      "That name is already taken.",
    );
    expect(await refusal(commands.createCharacter(as, player.id, "a b"))).toContain("A name must be");
  });
});
