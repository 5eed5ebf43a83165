import { describe, expect, test } from "bun:test";
import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { createPasswordHasher } from "#core/accounts/password-hasher.ts";
import { createPasswordThrottle } from "#core/accounts/password-throttle.ts";
import { createMemoryChannelStore } from "#core/channels/memory-channel-store.ts";
import { createEventAppender } from "#core/events/event-appender.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { createCommsLayer } from "#core/game/comms-layer.ts";
import { openPermissions } from "#core/policy/open-permissions.ts";
import { emptyWorldState } from "#core/world/world-state.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { engineHarness, testCharacter } from "../test-support/engine-harness.ts";

const alice = testCharacter("CA", "Alice");
const alan = testCharacter("CN", "Alan");
const bob = testCharacter("CB", "Bob");
const dave = testCharacter("CD", "Dave");

/** The engine with the comms commands, over shared memory stores; Dave exists but is offline. */
async function commsHarness() {
  const log = collectingLogger().logger;
  const events = createMemoryEventStore({ log });
  const accounts = createMemoryAccountStore();
  for (const c of [alice, alan, bob, dave])
    await accounts.createPlayer(
      { id: c.playerId, name: `p${c.name}`, passwordHash: "x", role: "player", createdAt: 1 },
      c,
    );
  const booted: string[] = [];
  const append = createEventAppender(events, createMetricsRegistry());
  const clock = manualClock();
  const permissions = await openPermissions({
    events,
    append,
    world: emptyWorldState,
    characterOf: async (id) => ({ id, role: "player", createdAt: 1 }),
    blocksOf: (id) => accounts.listBlocks(id),
    admin: async () => "admin",
    clock,
    log,
  });
  const comms = createCommsLayer({
    permissions,
    events,
    accounts,
    channelStore: createMemoryChannelStore(),
    hasher: createPasswordHasher({ memoryCost: 1024, timeCost: 1 }),
    passwordThrottle: createPasswordThrottle(manualClock()),
    append,
    clock,
    newId: sequentialIds("N"),
    log,
    startLocationId: () => "lobby",
    maxCharacters: 5,
    presence: async () => [alice, alan, bob],
    sessions: () => ({
      boot: async (id) => {
        booted.push(id);
        return 1;
      },
    }),
    membershipChanged: async () => {},
  });
  await comms.start();
  for (const c of [alice, alan, bob, dave]) await comms.characterCreated(c);
  const h = await engineHarness([alice, alan, bob], {
    extraCommands: (d) => comms.extraCommands(d),
    fallbacks: (d) => comms.fallbacks(d),
  });
  // The harness has its own event store; the comms layer writes to `events`.
  return { ...h, events, accounts, booted };
}

const shape = (events: readonly { stream: string; type: string }[]) =>
  events.map((e) => `${e.stream} ${e.type}`);

describe("communication commands", () => {
  test("page, whisper and ooc append to the right streams", async () => {
    const { run } = await commsHarness();
    expect(shape((await run(alice, "page bob, dave = hi")).events)).toEqual([
      "char:CA page",
      "char:CB page",
      "char:CD page",
    ]);
    expect(shape((await run(alice, "p again")).events)).toEqual([
      "char:CA page",
      "char:CB page",
      "char:CD page",
    ]);
    expect(shape((await run(alice, "whisper bob = psst")).events)).toEqual([
      "char:CB whisper",
      "char:CA whisper",
      "location:lobby whisper.notice",
    ]);
    expect(shape((await run(alice, "ooc :waves")).events)).toEqual(["location:lobby ooc"]);
  });

  test("page/block refuses a sender's pages, page/block lists, page/unblock lifts it", async () => {
    const { run } = await commsHarness();
    expect((await run(dave, "page/block bob")).output).toEqual([
      "You will no longer receive pages or whispers from Bob.",
    ]);
    expect((await run(dave, "page/block")).output).toEqual(["You are blocking: Bob."]);
    const refused = await run(bob, "page dave = hi");
    expect([refused.output, refused.events]).toEqual([
      ["Dave is not accepting your pages. Nothing was sent."],
      [],
    ]);
    expect((await run(dave, "page/unblock Bob")).output).toEqual([
      "You will receive pages and whispers from Bob again.",
    ]);
    expect(shape((await run(bob, "page dave = hi")).events)).toEqual(["char:CB page", "char:CD page"]);
    expect((await run(dave, "page/frob bob")).output[0]).toStartWith("Usage: page/block <name>");
  });

  test("channels: talk by alias or +name, history, and who", async () => {
    const { run } = await commsHarness();
    expect(shape((await run(alice, "pub hello")).events)).toEqual(["channel:public channel"]);
    expect((await run(alice, "+pub :waves")).events[0]?.payload).toMatchObject({ text: "waves", pose: true });
    expect(shape((await run(bob, "channel say public = hi")).events)).toEqual(["channel:public channel"]);
    const history = await run(bob, "channel history public 2");
    expect(history.events[0]?.payload).toMatchObject({ messages: [{ text: "waves" }, { text: "hi" }] });
    expect((await run(bob, "channel who public")).output).toEqual([
      "On Public: Alice, Alan, Bob, Dave (away).",
    ]);
    expect((await run(bob, "channel list")).output[1]).toContain("* Public");
  });

  test.each([
    ["page al = hi", "Which 'al'? Alan, Alice."],
    ["page zed = hi", 'There is no one called "zed".'],
    ["whisper dave = hi", 'There is no one called "dave" here.'],
    ["channel join public", "You are already on Public."],
    ["channel join nowhere", 'There is no channel called "nowhere".'],
    ["channel create Secret", "Only admins may create or destroy channels."],
    ["channel destroy Public", "Only admins may create or destroy channels."],
    ["newpassword pbob = something-long", "Only admins may do that to players."],
    ["boot bob", "Only admins may do that to players."],
    ["role pbob = builder", "Only admins may do that to players."],
    ["password wrong-password = new-password", "That is not your current password."],
    ["play Nobody", 'You have no character called "Nobody".'],
  ])("%p is refused with %p and writes nothing", async (line, message) => {
    const { events, run } = await commsHarness();
    const before = await events.lastPosition();
    const result = await run(alice, line).catch((e: Error) => ({ output: [e.message], events: [] }));
    expect(result.output).toEqual([message]);
    expect(await events.lastPosition()).toBe(before);
  });

  test("an admin creates and destroys a channel and boots a character", async () => {
    const { run, booted } = await commsHarness();
    expect((await run(alice, "channel create Secret = sec", "admin")).output).toEqual([
      'Created the channel Secret; talk on it with "sec <message>".',
    ]);
    expect((await run(alice, "channel join sec")).output[0]).toContain("You join Secret.");
    expect(shape((await run(alice, "sec hi")).events)).toEqual(["channel:secret channel"]);
    expect((await run(alice, "channel destroy Secret", "admin")).output).toEqual([
      "Destroyed the channel Secret.",
    ]);
    expect((await run(alice, "sec hi")).output).toEqual(['Huh? (Type "help" for help.)']);
    expect(shape((await run(alice, "boot bob", "admin")).events)).toEqual([
      "char:CA boot",
      "audit staff_action",
    ]);
    expect(booted).toEqual(["CB"]);
  });

  test("a guest may page and use Public, but joins no other channel and has no account to change", async () => {
    const { run, events } = await commsHarness();
    await run(alice, "channel create Secret = sec", "admin");
    expect(shape((await run(alice, "page bob = hi", "guest")).events)).toEqual([
      "char:CA page",
      "char:CB page",
    ]);
    expect(shape((await run(alice, "pub hi", "guest")).events)).toEqual(["channel:public channel"]);
    const before = await events.lastPosition();
    for (const [line, refusal] of [
      ["channel join Secret", "Guests may only use the Public channel."],
      ["character create Tom", "Guests have no account to change. Register to keep a character."],
      ["play Alice", "Guests have no account to change. Register to keep a character."],
    ] as const)
      expect((await run(alice, line, "guest")).output).toEqual([refusal]);
    expect(await events.lastPosition()).toBe(before);
  });

  test("an admin sets a player's role; a bad role, an unknown player or one's own role is refused", async () => {
    const { run, accounts, events } = await commsHarness();
    expect(shape((await run(alice, "@role pbob = Builder", "admin")).events)).toEqual([
      "char:CA role.changed",
      "audit staff_action",
    ]);
    expect((await accounts.getPlayer(bob.playerId))?.role).toBe("builder");
    const before = await events.lastPosition();
    for (const [line, refusal] of [
      ["role pbob = builder", "pBob is already a builder."],
      ["role pbob = guest", "Usage: role <player> = player|builder|admin"],
      ["role nobody = admin", 'There is no player called "nobody".'],
      ["role palice = player", "You cannot change your own role."],
    ] as const)
      expect((await run(alice, line, "admin")).output).toEqual([refusal]);
    expect(await events.lastPosition()).toBe(before);
  });

  test("help lists the communication and account commands among its topics", async () => {
    const { run } = await commsHarness();
    const help = (await run(alice, "help")).output.join("\n");
    for (const name of [
      "page",
      "whisper",
      "ooc",
      "channel",
      "character",
      "play",
      "password",
      "newpassword",
      "boot",
    ])
      expect(help).toMatch(new RegExp(`[ ,]${name}(,|$)`, "m"));
  });
});
