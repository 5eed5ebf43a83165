import { describe, expect, test } from "bun:test";
import { createMemoryAccountStore } from "#core/accounts/memory-account-store.ts";
import { createEventAppender } from "#core/events/event-appender.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { pageRefusals } from "#core/game/page-refusals.ts";
import { openPermissions } from "#core/policy/open-permissions.ts";
import { emptyWorldState } from "#core/world/world-state.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { type Addressee, createMessages, MAX_PAGE_RECIPIENTS } from "./messages.ts";
import { createPageBlocks, MAX_BLOCKS } from "./page-blocks.ts";

const alice: Addressee = { id: "CA", name: "Alice", locationId: "lobby" };
const alan: Addressee = { id: "CN", name: "Alan", locationId: "lobby" };
const bob: Addressee = { id: "CB", name: "Bob", locationId: "lobby" };
const carol: Addressee = { id: "CC", name: "Carol", locationId: "garden" };
const dave: Addressee = { id: "CD", name: "Dave", locationId: "lobby" };

function setup(online: Addressee[] = [alice, alan, bob, carol]) {
  const events = createMemoryEventStore({ log: collectingLogger().logger });
  const everyone = [alice, alan, bob, carol, dave];
  const messages = createMessages({
    append: createEventAppender(events, createMetricsRegistry()),
    events,
    clock: manualClock(),
    presence: async () => online,
    findCharacter: async (name) => everyone.find((c) => c.name.toLowerCase() === name.toLowerCase()),
    refusing: async () => [],
  });
  const ids = sequentialIds("E");
  const as = (c: Addressee) => ({ id: c.id, name: c.name, newId: ids });
  return { events, messages, as };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? e.message : String(e)),
  );

describe("pages", () => {
  test("a page to several characters is one event per recipient's stream plus the sender's echo", async () => {
    const { messages, as } = setup();
    const events = await messages.page(as(alice), "bob, car = Hello there");
    const payload = { name: "Alice", text: "Hello there", to: ["Bob", "Carol"], toIds: ["CB", "CC"] };
    expect(events.map((e) => [e.stream, e.type, e.payload])).toEqual([
      ["char:CA", "page", payload],
      ["char:CB", "page", payload],
      ["char:CC", "page", payload],
    ]);
  });

  test("a page naming more characters than the cap is refused whole, and nothing is stored", async () => {
    const { messages, as, events } = setup();
    const names = Array.from({ length: MAX_PAGE_RECIPIENTS + 1 }, () => "bob").join(", ");
    expect(await refusal(messages.page(as(alice), `${names} = hi`))).toBe(
      `You can page at most ${MAX_PAGE_RECIPIENTS} characters at once. Nothing was sent.`,
    );
    expect(await events.lastPosition()).toBe(0);
  });

  test("a page reaches an offline character by full name, and `page <message>` repeats the recipients", async () => {
    const { messages, as } = setup();
    await messages.page(as(alice), "dave = :waves.");
    const again = await messages.page(as(alice), "Still there?");
    expect(again.map((e) => [e.stream, e.payload])).toEqual([
      ["char:CA", { name: "Alice", text: "Still there?", to: ["Dave"], toIds: ["CD"] }],
      ["char:CD", { name: "Alice", text: "Still there?", to: ["Dave"], toIds: ["CD"] }],
    ]);
    const pose = await messages.page(as(bob), "Dave=:waves.");
    expect(pose[0]?.payload).toMatchObject({ text: "waves.", pose: true });
  });

  test.each([
    ["al = hi", "Which 'al'? Alan, Alice."],
    ["zed = hi", 'There is no one called "zed".'],
    ["bob =", "What do you want to page?"],
    ["Nobody paged yet", "Page whom? (page <name> = <message>)"],
  ])("page %p is refused with %p and writes nothing", async (args, message) => {
    const { messages, as, events } = setup();
    expect(await refusal(messages.page(as(bob), args))).toBe(message);
    expect(await events.lastPosition()).toBe(0);
  });
});

describe("whispers and ooc", () => {
  test("a whisper goes to the target and the sender; the room only learns that it happened", async () => {
    const { messages, as } = setup();
    const events = await messages.whisper(as(alice), "lobby", "bob = meet me at noon");
    expect(events.map((e) => [e.stream, e.type, e.payload])).toEqual([
      ["char:CB", "whisper", { name: "Alice", text: "meet me at noon", to: ["Bob"], toIds: ["CB"] }],
      ["char:CA", "whisper", { name: "Alice", text: "meet me at noon", to: ["Bob"], toIds: ["CB"] }],
      ["location:lobby", "whisper.notice", { name: "Alice", to: ["Bob"], toIds: ["CB"] }],
    ]);
  });

  test.each([
    ["carol = hi", 'There is no one called "carol" here.'],
    ["dave = hi", 'There is no one called "dave" here.'],
    ["al = hi", "Which 'al'? Alan, Alice."],
    ["bob", "Whisper what to whom? (whisper <name> = <message>)"],
    ["bob = hi", 'There is no one called "bob" here.'],
  ])("whisper %p is refused with %p and writes nothing", async (args, message) => {
    const { messages, as, events } = setup();
    expect(await refusal(messages.whisper(as(bob), "lobby", args))).toBe(message);
    expect(await events.lastPosition()).toBe(0);
  });

  test("ooc speaks or poses to the room", async () => {
    const { messages, as } = setup();
    const said = await messages.ooc(as(alice), "lobby", "brb");
    const posed = await messages.ooc(as(alice), "lobby", ":stretches.");
    expect([...said, ...posed].map((e) => [e.stream, e.type, e.payload])).toEqual([
      ["location:lobby", "ooc", { name: "Alice", text: "brb" }],
      ["location:lobby", "ooc", { name: "Alice", text: "stretches.", pose: true }],
    ]);
    expect(await refusal(messages.ooc(as(alice), "lobby", "  "))).toBe(
      "What do you want to say out of character?",
    );
  });
});

describe("page floods and blocks", () => {
  async function blocking(privateRate = { burst: 3, refillMs: 1000 }) {
    const events = createMemoryEventStore({ log: collectingLogger().logger });
    const store = createMemoryAccountStore();
    const everyone = [alice, bob, carol, dave];
    for (const c of everyone)
      await store.createPlayer(
        { id: `P${c.id}`, name: c.name, passwordHash: "x", role: "player", createdAt: 1 },
        { ...c, playerId: `P${c.id}`, createdAt: 1 },
      );
    const clock = manualClock();
    const log = collectingLogger().logger;
    const findCharacter = async (name: string) => store.findCharacterByName(name);
    const blocks = createPageBlocks({ store, findCharacter, clock });
    const append = createEventAppender(events, createMetricsRegistry());
    // Blocks reach pages through the policy engine, as in the game: `page` decided on each recipient.
    const permissions = await openPermissions({
      events,
      append,
      world: emptyWorldState,
      characterOf: async (id) => ({ id, role: "player", createdAt: 1 }),
      blocksOf: (id) => store.listBlocks(id),
      admin: async () => "admin",
      clock,
      log,
    });
    const messages = createMessages({
      append,
      events,
      clock,
      presence: async () => everyone,
      findCharacter,
      refusing: pageRefusals(permissions),
      privateRate,
    });
    const ids = sequentialIds("E");
    const as = (c: Addressee) => ({ id: c.id, name: c.name, newId: ids });
    return { events, messages, blocks, as, clock };
  }

  test("pages are rate-limited per sender with a clear refusal, and nothing is stored past the limit", async () => {
    const { messages, as, events, clock } = await blocking();
    for (let i = 0; i < 3; i++) await messages.page(as(bob), `dave = flood ${i}`);
    const stored = await events.lastPosition();
    expect(await refusal(messages.page(as(bob), "dave = flood 3"))).toBe(
      "You are sending private messages too quickly. Nothing was sent. Try again in 1 second.",
    );
    expect(await events.lastPosition()).toBe(stored);
    expect(await refusal(messages.page(as(alice), "dave = still fine"))).toBe("ok");
    clock.advance(1000);
    expect(await refusal(messages.page(as(bob), "dave = later"))).toBe("ok");
  });

  test("a blocked sender's pages and whispers are refused with a neutral line and never stored", async () => {
    const { messages, blocks, as, events } = await blocking();
    expect(String(await blocks.block(dave.id, "bob"))).toBe(
      "You will no longer receive pages or whispers from Bob.",
    );
    expect(String(await blocks.block(dave.id, "Bob"))).toBe("You already block Bob.");
    const before = await events.lastPosition();
    expect(await refusal(messages.page(as(bob), "dave, alice = hello"))).toBe(
      "Dave is not accepting your pages. Nothing was sent.",
    );
    expect(await refusal(messages.whisper(as(bob), "lobby", "dave = psst"))).toBe(
      "Dave is not accepting your whispers. Nothing was sent.",
    );
    // Only the two denials were written, to the audit stream, naming the policy that reads the blocks.
    const written = await events.replay("audit", before, 10);
    expect(await events.lastPosition()).toBe(written.at(-1)?.position ?? before);
    expect(written.map((e) => [e.stream, e.payload.resource, e.payload.policies])).toEqual([
      ["audit", 'Character::"CD"', ["blocked-senders-may-not-page"]],
      ["audit", 'Character::"CD"', ["blocked-senders-may-not-page"]],
    ]);
    expect(String(await blocks.list(dave.id))).toBe("You are blocking: Bob.");
    expect(String(await blocks.unblock(dave.id, "bob"))).toBe(
      "You will receive pages and whispers from Bob again.",
    );
    expect(String(await blocks.list(dave.id))).toBe("You are not blocking anyone.");
    expect(await refusal(messages.page(as(bob), "dave = hello again"))).toBe("ok");
  });

  test("blocking oneself or no one is refused, and the block list is bounded", async () => {
    const { blocks } = await blocking();
    expect(await refusal(blocks.block(dave.id, "dave"))).toBe("You cannot block yourself.");
    expect(await refusal(blocks.block(dave.id, "zed"))).toBe('There is no one called "zed".');
    expect(MAX_BLOCKS).toBe(100);
  });
});
