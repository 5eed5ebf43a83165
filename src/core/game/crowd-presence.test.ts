import { expect, test } from "bun:test";
import type { Character } from "#core/accounts/account-store.ts";
import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import { testCharacter } from "#core/sessions/test-support/test-session-manager.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { type CrowdPresenceDeps, createCrowdPresence, crowdNamesShown } from "./crowd-presence.ts";

function setup(audience: number, overrides: Partial<CrowdPresenceDeps> = {}) {
  const clock = manualClock();
  const timers = manualTimers(clock);
  const singles: string[] = [];
  const written: NewEvent[] = [];
  const { logger, lines } = collectingLogger();
  const crowd = createCrowdPresence({
    single: async (character, kind) => singles.push(`${character.name} ${kind}`),
    audience: () => audience,
    crowdSize: 25,
    windowMs: 3_000,
    timers,
    append: async (events) => {
      written.push(...events);
      return events.map((e, i) => ({ ...e, position: written.length + i }) as StoredEvent);
    },
    clock,
    newId: sequentialIds(),
    log: logger,
    ...overrides,
  });
  return { crowd, timers, singles, written, lines };
}

const people = (n: number): Character[] =>
  Array.from({ length: n }, (_, i) => testCharacter(`c${i}`, `Person${i}`));

test("in a quiet location each connect and disconnect is announced at once, on its own", async () => {
  const t = setup(24);
  const [ann, bob] = people(2) as [Character, Character];
  await t.crowd.announce(ann, "connect");
  await t.crowd.announce(bob, "disconnect");
  expect(t.singles).toEqual(["Person0 connect", "Person1 disconnect"]);
  expect(t.written).toEqual([]);
  expect(t.timers.pending()).toEqual([]);
});

test("in a crowd the connects and disconnects of one window become one event on the location", async () => {
  const t = setup(25);
  const [ann, bob, cid] = people(3) as [Character, Character, Character];
  await t.crowd.announce(ann, "connect");
  await t.crowd.announce(bob, "connect");
  await t.crowd.announce(cid, "disconnect");
  expect(t.written).toEqual([]);
  t.timers.advance(3_000);
  expect(t.singles).toEqual([]);
  expect(t.written).toHaveLength(1);
  expect(t.written[0]).toMatchObject({
    stream: "location:lobby",
    type: "crowd_presence",
    actor: { kind: "system" },
    payload: { connected: ["Person0", "Person1"], disconnected: ["Person2"] },
  });
});

test("a crowd's announcement names the first few and counts the rest", async () => {
  const t = setup(1_000);
  for (const person of people(crowdNamesShown + 990)) await t.crowd.announce(person, "connect");
  t.timers.advance(3_000);
  const payload = t.written[0]?.payload as { connected: string[]; more: { connected: number } };
  expect(payload.connected).toHaveLength(crowdNamesShown);
  expect(payload.more).toEqual({ connected: 990 });
});

test("once a window is gathering, later announcements join it even if the crowd thinned, so order holds", async () => {
  let audience = 30;
  const t = setup(0, { audience: () => audience });
  const [ann, bob] = people(2) as [Character, Character];
  await t.crowd.announce(ann, "connect");
  audience = 3;
  await t.crowd.announce(bob, "connect");
  t.timers.advance(3_000);
  expect(t.singles).toEqual([]);
  expect(t.written[0]?.payload).toEqual({ connected: ["Person0", "Person1"], disconnected: [] });
  const [cid] = people(3).slice(2) as [Character];
  await t.crowd.announce(cid, "connect");
  expect(t.singles).toEqual(["Person2 connect"]);
});

test("flush writes what is gathered at once, so a shutdown loses no announcement", async () => {
  const t = setup(50);
  await t.crowd.announce(people(1)[0] as Character, "disconnect");
  await t.crowd.flush();
  expect(t.written).toHaveLength(1);
  t.timers.advance(3_000);
  expect(t.written).toHaveLength(1);
});

test("a store that refuses the gathered event is logged, and the next window starts afresh", async () => {
  let refuse = true;
  const written: NewEvent[] = [];
  const t = setup(50, {
    append: async (events) => {
      if (refuse) throw new Error("disk full");
      written.push(...events);
      return [];
    },
  });
  await t.crowd.announce(people(1)[0] as Character, "connect");
  await t.crowd.flush();
  expect(t.lines().some((l) => l.msg === "could not announce a crowd's connects and disconnects")).toBe(true);
  refuse = false;
  await t.crowd.announce(people(2)[1] as Character, "connect");
  await t.crowd.flush();
  expect(written.map((e) => e.payload)).toEqual([{ connected: ["Person1"], disconnected: [] }]);
});
