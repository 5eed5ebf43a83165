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

const MINUTE = 60_000;

async function setup() {
  const events = createMemoryEventStore({ log: collectingLogger().logger });
  const store = createMemoryChannelStore();
  const clock = manualClock(1_000_000);
  const followed: string[] = [];
  const channels = createChannels({
    store,
    events,
    append: createEventAppender(events, createMetricsRegistry()),
    clock,
    membershipChanged: async (id, stream, member, position) =>
      void followed.push(`${member ? "+" : "-"}${id} ${stream} @${position}`),
  });
  const ids = sequentialIds("E");
  const alice = { id: "CA", name: "Alice", newId: ids };
  const bob = { id: "CB", name: "Bob", newId: ids };
  const carol = { id: "CC", name: "Carol", newId: ids };
  await channels.create(alice, "Code", "code");
  for (const who of [alice, bob, carol]) await channels.join(who, "code");
  const code = await channels.find("code");
  followed.length = 0;
  return { events, store, channels, clock, followed, alice, bob, carol, code };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isHoloError(e) ? e.message : String(e)),
  );

describe("channel moderation", () => {
  test("the creator owns the channel and is its first moderator; appointed ones follow", async () => {
    const { channels, alice, bob, carol, code } = await setup();
    expect(code.ownerId).toBe("CA");
    await channels.appoint(alice, code, carol, true);
    expect(await channels.moderators(code)).toEqual(["CA", "CC"]);
    expect(await refusal(channels.appoint(alice, code, carol, true))).toBe(
      "Carol is already a moderator of Code.",
    );
    expect(await refusal(channels.appoint(bob, code, alice, false))).toBe(
      "Alice owns Code, and so moderates it.",
    );
    await channels.appoint(alice, code, carol, false);
    expect(await channels.moderators(code)).toEqual(["CA"]);
    expect(await refusal(channels.appoint(alice, code, carol, false))).toBe(
      "Carol is not a moderator of Code.",
    );
  });

  test("a muted member hears the channel but may not speak until the mute runs out", async () => {
    const { channels, clock, alice, bob, code, followed } = await setup();
    const [muted] = await channels.mute(alice, code, bob, { forMs: 30 * MINUTE, reason: "spam" });
    expect(muted).toMatchObject({
      stream: "channel:code",
      type: "channel.mute",
      payload: {
        channel: "Code",
        name: "Alice",
        target: "Bob",
        characterId: "CB",
        until: clock.now() + 30 * MINUTE,
        reason: "spam",
      },
    });
    expect(followed).toEqual([]);
    clock.advance(5 * MINUTE);
    expect(await refusal(channels.say(bob, code, { text: "hi" }))).toBe(
      "You are muted on Code for another 25 minutes: spam",
    );
    expect(await channels.sanctions(code)).toHaveLength(1);
    clock.advance(25 * MINUTE);
    expect(await channels.say(bob, code, { text: "back" })).toHaveLength(1);
    expect(await channels.sanctions(code)).toEqual([]);
  });

  test("a mute with no duration lasts until unmuted; unmuting someone not muted is refused", async () => {
    const { channels, alice, bob, code } = await setup();
    await channels.mute(alice, code, bob, {});
    expect(await refusal(channels.say(bob, code, { text: "hi" }))).toBe(
      "You are muted on Code until a moderator unmutes you.",
    );
    await channels.unmute(alice, code, bob);
    expect(await channels.say(bob, code, { text: "hi" })).toHaveLength(1);
    expect(await refusal(channels.unmute(alice, code, bob))).toBe("Bob is not muted on Code.");
    expect(await refusal(channels.mute(alice, code, alice, {}))).toBe("You cannot mute yourself.");
  });

  test("a kicked member is off the channel and its stream, and may join again", async () => {
    const { channels, alice, bob, code, followed } = await setup();
    const [kicked] = await channels.kick(alice, code, bob);
    expect(kicked).toMatchObject({ type: "channel.kick", payload: { target: "Bob", characterId: "CB" } });
    expect((await channels.members("code")).memberIds).toEqual(["CA", "CC"]);
    expect(followed).toEqual([`-CB channel:code @${kicked?.position}`]);
    expect(await refusal(channels.kick(alice, code, bob))).toBe("Bob is not on Code.");
    expect(await channels.join(bob, "code")).toHaveLength(1);
  });

  test("a banned character is taken off the channel and may not join until unbanned", async () => {
    const { channels, alice, bob, code } = await setup();
    await channels.ban(alice, code, bob, { reason: "trolling" });
    expect((await channels.members("code")).memberIds).toEqual(["CA", "CC"]);
    expect(await refusal(channels.join(bob, "code"))).toBe("You are banned from Code: trolling");
    await channels.unban(alice, code, bob);
    expect(await channels.join(bob, "code")).toHaveLength(1);
    expect(await refusal(channels.unban(alice, code, bob))).toBe("Bob is not banned from Code.");
  });

  test("a gag stops the channel reaching the member without leaving it; ungag resumes from then on", async () => {
    const { channels, bob, code, followed } = await setup();
    const [gag] = await channels.gag(bob, code, true);
    expect(gag).toMatchObject({
      stream: "char:CB",
      type: "channel.gag",
      payload: { channel: "Code", characterId: "CB" },
    });
    expect(await channels.streamsOf(bob.id)).toEqual([]);
    expect(await channels.keysOf(bob.id)).toEqual(["code"]);
    expect(await refusal(channels.say(bob, code, { text: "hi" }))).toBe(
      'You have Code gagged; type "channel/ungag Code" to hear and talk on it.',
    );
    expect(await refusal(channels.gag(bob, code, true))).toBe("You have already gagged Code.");
    const [ungag] = await channels.gag(bob, code, false);
    expect(await channels.streamsOf(bob.id)).toEqual(["channel:code"]);
    expect(followed).toEqual([`-CB channel:code @${gag?.position}`, `+CB channel:code @${ungag?.position}`]);
    expect(await refusal(channels.gag(bob, code, false))).toBe("You have not gagged Code.");
  });

  test("rebuilding the projection from the events gives the same owners and marks", async () => {
    const { channels, events, store, alice, bob, carol, code } = await setup();
    await channels.appoint(alice, code, carol, true);
    await channels.mute(carol, code, bob, { forMs: MINUTE });
    await channels.gag(alice, code, true);
    await channels.ban(alice, code, bob, {});
    const rebuilt = createMemoryChannelStore();
    await catchUpChannels(events, rebuilt);
    expect(await rebuilt.snapshot()).toEqual(await store.snapshot());
    expect((await store.snapshot()).marks).toHaveLength(4);
  });
});
