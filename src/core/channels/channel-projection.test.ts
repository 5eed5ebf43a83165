import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createEventAppender } from "#core/events/event-appender.ts";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { createEmbeddedEventStore } from "#core/store/embedded/embedded-event-store.ts";
import { openPostgresDatabase } from "#core/store/postgres/postgres-database.ts";
import { openPostgresEventStore } from "#core/store/postgres/postgres-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import {
  createThrowawayPgDatabase,
  isPostgresReachable,
  type ThrowawayPgDatabase,
  warnPostgresSkipped,
} from "#test/support/pg-database.ts";
import { catchUpChannels } from "./channel-projection.ts";
import type { ChannelStore } from "./channel-store.ts";
import { createChannels } from "./channels.ts";
import { createEmbeddedChannelStore } from "./embedded-channel-store.ts";
import { createPostgresChannelStore } from "./postgres-channel-store.ts";

const log = collectingLogger().logger;
const reachable = await isPostgresReachable();
if (!reachable) warnPostgresSkipped("postgres channel projection");

/** Runs a history of channel commands, then rebuilds the projection from the events alone. */
async function rebuildMatchesLive(
  events: Parameters<typeof catchUpChannels>[0],
  live: ChannelStore,
  fresh: () => Promise<ChannelStore>,
) {
  const channels = createChannels({
    store: live,
    events,
    append: createEventAppender(events, createMetricsRegistry()),
    clock: manualClock(),
    membershipChanged: async () => {},
  });
  const ids = sequentialIds("E");
  const [alice, bob, carol] = ["Alice", "Bob", "Carol"].map((name) => ({ id: `C${name}`, name, newId: ids }));
  if (!alice || !bob || !carol) throw new Error("unreachable");
  await channels.ensureDefault(ids);
  for (const who of [alice, bob, carol]) await channels.joinDefault(who);
  await channels.create(alice, "Code", "code");
  await channels.join(bob, "code");
  await channels.join(carol, "code");
  await channels.say(bob, await channels.find("code"), { text: "hello" });
  await channels.leave(carol, "code");
  await channels.create(alice, "Temp", "tmp");
  await channels.join(alice, "tmp");
  await channels.destroy(alice, "tmp");
  await channels.leave(bob, "public");
  const expected = await live.snapshot();
  expect(expected.members).toEqual(["code CBob", "public CAlice", "public CCarol"]);
  const rebuilt = await fresh();
  await catchUpChannels(events, rebuilt);
  expect(await rebuilt.snapshot()).toEqual(expected);
  expect(await rebuilt.appliedPosition()).toBe(await events.lastPosition());
}

describe("channel projection", () => {
  test("embedded: rebuilding from the event store gives the live membership", async () => {
    const open = () => openEmbeddedDatabase({ path: ":memory:", unsafeDurability: true, log });
    await using database = await open();
    await using other = await open();
    const events = createEmbeddedEventStore({ database, log });
    await rebuildMatchesLive(events, createEmbeddedChannelStore(database), async () =>
      createEmbeddedChannelStore(other),
    );
    await events.close();
  });

  describe.skipIf(!reachable)("postgres", () => {
    let throwaway: ThrowawayPgDatabase;
    beforeAll(async () => {
      throwaway = await createThrowawayPgDatabase();
    });
    afterAll(async () => throwaway[Symbol.asyncDispose]());

    test("postgres: rebuilding from the event store gives the live membership", async () => {
      await using database = await openPostgresDatabase({ url: throwaway.url, unsafeDurability: false, log });
      await using events = await openPostgresEventStore({ database, log });
      await rebuildMatchesLive(events, createPostgresChannelStore(database), async () => {
        const live = createPostgresChannelStore(database);
        await database.sql`truncate channels, channel_members, channel_marks`;
        await database.sql`update channel_projection set position = 0`;
        return live;
      });
    });
  });
});
