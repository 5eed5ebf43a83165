import { describe, expect, test } from "bun:test";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { createAccounts, LOGIN_FAILED } from "./accounts.ts";
import { createLoginThrottle } from "./login-throttle.ts";
import { createMemoryAccountStore } from "./memory-account-store.ts";
import { argon2Parameters, createPasswordHasher } from "./password-hasher.ts";
import { createRegistrationThrottle } from "./registration-throttle.ts";

function setup() {
  const clock = manualClock();
  const { logger, lines } = collectingLogger();
  const store = createMemoryAccountStore();
  const accounts = createAccounts({
    store,
    hasher: createPasswordHasher({ memoryCost: 1024, timeCost: 1 }),
    throttle: createLoginThrottle(clock),
    registrations: createRegistrationThrottle(clock, { perAddressPerHour: 100, perHour: 1000 }),
    clock,
    newId: sequentialIds("A"),
    log: logger,
    startLocationId: "lobby",
  });
  return { clock, accounts, store, lines };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? [e.code, e.message] : String(e)),
  );

describe("accounts", () => {
  test("registering creates a player and a same-named character in the starting location", async () => {
    const { accounts } = setup();
    const { player, characters } = await accounts.register("Alice", "correct horse", "127.0.0.1:1");
    expect(player).toMatchObject({ name: "Alice", role: "player" });
    expect(player.passwordHash).toStartWith("$argon2id$");
    expect(characters).toMatchObject([{ name: "Alice", playerId: player.id, locationId: "lobby" }]);
  });

  test.each([
    ["al", "password1", "invalid_argument"],
    ["a".repeat(21), "password1", "invalid_argument"],
    ["bad name", "password1", "invalid_argument"],
    ["Alice", "short", "invalid_argument"],
    ["Alice", "x".repeat(257), "invalid_argument"],
  ])("registering %p with a bad name or password is refused", async (name, password, code) => {
    const { accounts } = setup();
    expect((await failure(accounts.register(name, password, "h:1")))[0]).toBe(code);
  });

  test("register Carol Smith longpassword is refused by the core: a name is one word", async () => {
    const { accounts, store } = setup();
    expect(await failure(accounts.register("Carol Smith", "longpassword", "h:1"))).toEqual([
      "invalid_argument",
      "A name must be one word of 3 to 20 letters, digits, '_' or '-'.",
    ]);
    expect(await store.countPlayers()).toBe(0);
  });

  test.each(["AIice", "A1ice", "ALICE", "alice"])(
    "a new player %p beside Alice is refused as too much like an existing name",
    async (name) => {
      const { accounts } = setup();
      await accounts.register("Alice", "password1", "h:1");
      const [code, message] = await failure(accounts.register(name, "password1", "h:1"));
      expect(code).toBe("already_exists");
      expect(["That name is already taken.", "That name is too much like an existing one."]).toContain(
        String(message),
      );
    },
  );

  test.each(["Adm1n", "admin_", "ADMlN", "Аlice"])("%p is refused when registering", async (name) => {
    const { accounts } = setup();
    expect((await failure(accounts.register(name, "password1", "h:1")))[0]).toBe("invalid_argument");
  });

  test("real names in other scripts register, stored in NFC", async () => {
    const { accounts } = setup();
    for (const name of ["Zoe\u0308", "Søren", "Ἀλέξανδρος", "Юлия"])
      await accounts.register(name, "password1", "h:1");
    const { player } = await accounts.authenticate("ZOË", "password1", "h:1");
    expect(player.name).toBe("Zoë");
  });

  test("a name taken in another case is refused", async () => {
    const { accounts } = setup();
    await accounts.register("Alice", "password1", "h:1");
    expect((await failure(accounts.register("ALICE", "password1", "h:1")))[0]).toBe("already_exists");
  });

  test("login succeeds with the right password, any case of name", async () => {
    const { accounts } = setup();
    await accounts.register("Alice", "password1", "h:1");
    const { player, characters } = await accounts.authenticate("alice", "password1", "h:1");
    expect([player.name, characters.length]).toEqual(["Alice", 1]);
  });

  test("a wrong password and an unknown name fail with the same message", async () => {
    const { accounts } = setup();
    await accounts.register("Alice", "password1", "h:1");
    expect(await failure(accounts.authenticate("Alice", "password2", "h:1"))).toEqual([
      "unauthenticated",
      LOGIN_FAILED,
    ]);
    expect(await failure(accounts.authenticate("Nobody", "password1", "h:1"))).toEqual([
      "unauthenticated",
      LOGIN_FAILED,
    ]);
  });

  test("repeated failures from one address are throttled, then allowed again as time passes", async () => {
    const { accounts, clock } = setup();
    await accounts.register("Alice", "password1", "h:1");
    for (let i = 0; i < 5; i++) await failure(accounts.authenticate("Alice", "wrong-pass", "h:1"));
    expect((await failure(accounts.authenticate("Alice", "password1", "h:2")))[0]).toBe("resource_exhausted");
    clock.advance(12_000);
    expect((await accounts.authenticate("Alice", "password1", "h:3")).player.name).toBe("Alice");
  });

  test("the first start creates admin with a generated password, once", async () => {
    const { accounts, store } = setup();
    const setupResult = await accounts.ensureAdmin(undefined);
    expect(setupResult.created).toBe(true);
    const password = setupResult.generatedPassword ?? "";
    expect(password.length).toBeGreaterThanOrEqual(16);
    const { player } = await accounts.authenticate("admin", password, "h:1");
    expect(player.role).toBe("admin");
    expect(await accounts.ensureAdmin(undefined)).toEqual({ created: false });
    expect(await store.countPlayers()).toBe(1);
  });

  test("a configured admin password is used and not returned", async () => {
    const { accounts } = setup();
    expect(await accounts.ensureAdmin("configured-secret")).toEqual({ created: true });
    expect((await accounts.authenticate("admin", "configured-secret", "h:1")).player.role).toBe("admin");
  });

  test("no password reaches the log", async () => {
    const { accounts, lines } = setup();
    await accounts.register("Alice", "sekrit-pass", "h:1");
    await failure(accounts.authenticate("Alice", "other-sekrit", "h:1"));
    const text = JSON.stringify(lines());
    expect(text).not.toContain("sekrit");
  });
});

describe("a burst of logins from one address", () => {
  test("20 logins at once from 127.0.0.1, twice over, all succeed under the default throttle", async () => {
    const { accounts } = setup();
    const names = Array.from({ length: 20 }, (_, i) => `Lg${String(i).padStart(4, "0")}`);
    for (const name of names) await accounts.register(name, "lgBench2024x", "127.0.0.1:1");
    for (let round = 0; round < 2; round++) {
      const outcomes = await Promise.all(
        names.map((name, i) => failure(accounts.authenticate(name, "lgBench2024x", `127.0.0.1:${5000 + i}`))),
      );
      expect(outcomes).toEqual(names.map(() => "ok"));
    }
  });
});

describe("rehashing at login", () => {
  // setup() hashes with 1 MiB and 1 pass; these are made with other parameters on either side.
  const hashWith = (password: string, memoryCost: number, timeCost: number) =>
    Bun.password.hash(password, { algorithm: "argon2id", memoryCost, timeCost });

  test.each([
    ["stronger", 2048, 2],
    ["weaker", 512, 1],
  ])(
    "a hash made with %s parameters is replaced by one with the configured parameters at the next login",
    async (_, memoryCost, timeCost) => {
      const { accounts, store } = setup();
      const { player } = await accounts.register("Alice", "password1", "h:1");
      await store.setPasswordHash(player.id, await hashWith("password1", memoryCost, timeCost));
      const { player: loggedIn } = await accounts.authenticate("Alice", "password1", "h:1");
      const stored = (await store.getPlayer(player.id))?.passwordHash ?? "";
      expect(argon2Parameters(stored)).toEqual({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
      expect(loggedIn.passwordHash).toBe(stored);
      expect(await Bun.password.verify("password1", stored)).toBe(true);
    },
  );

  test("a hash with the configured parameters is left alone at login", async () => {
    const { accounts, store } = setup();
    const { player } = await accounts.register("Alice", "password1", "h:1");
    await accounts.authenticate("Alice", "password1", "h:1");
    expect((await store.getPlayer(player.id))?.passwordHash).toBe(player.passwordHash);
  });

  test("a wrong password never rehashes", async () => {
    const { accounts, store } = setup();
    const { player } = await accounts.register("Alice", "password1", "h:1");
    const old = await hashWith("password1", 2048, 2);
    await store.setPasswordHash(player.id, old);
    expect((await failure(accounts.authenticate("Alice", "password2", "h:1")))[0]).toBe("unauthenticated");
    expect((await store.getPlayer(player.id))?.passwordHash).toBe(old);
  });
});
