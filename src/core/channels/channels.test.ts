import { describe, expect, test } from "bun:test";
import { createEventAppender } from "#core/events/event-appender.ts";
import { createMemoryEventStore } from "#core/events/memory-event-store.ts";
import { isHoloError } from "#shared/errors/holo-error.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { createMetricsRegistry } from "#shared/metrics/metrics-registry.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { catchUpChannels } from "./channel-projection.ts";
import { createChannels } from "./channels.ts";
import { createMemoryChannelStore } from "./memory-channel-store.ts";

function setup() {
  const events = createMemoryEventStore({ log: collectingLogger().logger });
  const store = createMemoryChannelStore();
  const followed: string[] = [];
  const channels = createChannels({
    store,
    events,
    append: createEventAppender(events, createMetricsRegistry()),
    clock: manualClock(),
    membershipChanged: async (id, stream, member, position) =>
      void followed.push(`${member ? "+" : "-"}${id} ${stream} @${position}`),
  });
  const ids = sequentialIds("E");
  const alice = { id: "CA", name: "Alice", newId: ids };
  const bob = { id: "CB", name: "Bob", newId: ids };
  return { events, store, channels, followed, alice, bob, ids };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? e.message : String(e)),
  );

describe("channels", () => {
  test("a fresh game gets the Public channel once, and new characters join it", async () => {
    const { channels, events, alice, ids, followed } = setup();
    await channels.ensureDefault(ids);
    await channels.ensureDefault(ids);
    expect((await channels.list(alice.id)).map((v) => [v.channel.name, v.channel.alias, v.member])).toEqual([
      ["Public", "pub", false],
    ]);
    const joined = await channels.joinDefault(alice);
    expect(joined).toMatchObject([
      { stream: "channel:public", type: "channel.join", payload: { channel: "Public", name: "Alice" } },
    ]);
    expect(await channels.joinDefault(alice)).toEqual([]);
    expect(await channels.streamsOf(alice.id)).toEqual(["channel:public"]);
    expect(followed).toEqual([`+CA channel:public @${joined[0]?.position}`]);
    expect(await events.lastVersion("channel:public")).toBe(2);
  });

  test("a destroyed Public channel is not created again on the next start", async () => {
    const { channels, alice, ids } = setup();
    await channels.ensureDefault(ids);
    await channels.destroy(alice, "public");
    await channels.ensureDefault(ids);
    expect(await channels.list(alice.id)).toEqual([]);
  });

  test("members talk by alias or +prefix; a message is one event on the channel stream", async () => {
    const { channels, alice, bob } = setup();
    await channels.create(alice, "Public", "pub");
    await channels.create(alice, "Code", "code");
    await channels.join(alice, "pub");
    await channels.join(bob, "Public");
    expect((await channels.talkTarget(alice.id, "PUB"))?.name).toBe("Public");
    expect((await channels.talkTarget(alice.id, "+pu"))?.name).toBe("Public");
    expect(await channels.talkTarget(alice.id, "code")).toBeUndefined();
    const public_ = await channels.find("public");
    const said = await channels.say(alice, public_, { text: "waves.", pose: true });
    expect(said).toMatchObject([
      {
        stream: "channel:public",
        type: "channel",
        actor: { kind: "character", id: "CA" },
        payload: { channel: "Public", name: "Alice", text: "waves.", pose: true },
      },
    ]);
  });

  test("refusals name the problem and append nothing", async () => {
    const { channels, events, alice, bob } = setup();
    await channels.create(alice, "Public", "pub");
    await channels.create(alice, "Puzzles", "puz");
    await channels.join(alice, "Public");
    const before = await events.lastPosition();
    expect(await refusal(channels.join(alice, "Public"))).toBe("You are already on Public.");
    expect(await refusal(channels.leave(bob, "Public"))).toBe("You are not on Public.");
    expect(await refusal(channels.join(bob, "pu"))).toBe("Which 'pu'? Public, Puzzles.");
    expect(await refusal(channels.join(bob, "nope"))).toBe('There is no channel called "nope".');
    expect(await refusal(channels.say(bob, await channels.find("Public"), { text: "hi" }))).toBe(
      "You are not on Public.",
    );
    expect(await refusal(channels.create(alice, "public", "p"))).toBe(
      "There is already a channel called public.",
    );
    expect(await refusal(channels.create(alice, "Other", "pub"))).toBe(
      'Another channel already uses the alias "pub".',
    );
    expect(await refusal(channels.create(alice, "x", "x"))).toContain("A channel name must be");
    expect(await events.lastPosition()).toBe(before);
  });

  test("rebuilding the projection from the events alone gives the live state", async () => {
    const { channels, events, store, alice, bob, ids } = setup();
    await channels.ensureDefault(ids);
    await channels.joinDefault(alice);
    await channels.joinDefault(bob);
    await channels.create(alice, "Code", "code");
    await channels.join(bob, "Code");
    await channels.create(alice, "Gone", "gone");
    await channels.join(alice, "Gone");
    await channels.destroy(alice, "Gone");
    await channels.leave(alice, "Public");
    const rebuilt = createMemoryChannelStore();
    expect(await catchUpChannels(events, rebuilt)).toBe(9);
    expect(await rebuilt.snapshot()).toEqual(await store.snapshot());
    expect(await rebuilt.appliedPosition()).toBe(await events.lastPosition());
    expect(await store.snapshot()).toMatchObject({ members: ["code CB", "public CB"] });
  });
});

describe("channel history", () => {
  test("history puts the newest messages, oldest first, on the asker's own stream", async () => {
    const { channels, alice, bob } = setup();
    await channels.create(alice, "Public", "pub");
    await channels.join(alice, "Public");
    const pub = await channels.find("Public");
    for (const text of ["one", "two", "three"]) await channels.say(alice, pub, { text });
    await channels.join(bob, "Public");
    const [event] = await channels.history(bob, "pub", 2);
    expect(event).toMatchObject({
      stream: "char:CB",
      type: "channel.history",
      payload: {
        channel: "Public",
        messages: [
          { name: "Alice", text: "two" },
          { name: "Alice", text: "three" },
        ],
      },
    });
  });
});
