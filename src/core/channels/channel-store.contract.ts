import { describe, expect, test } from "bun:test";
import type { Channel, ChannelStore } from "./channel-store.ts";

const channel = (key: string, alias: string): Channel => ({
  key,
  name: key[0]?.toUpperCase() + key.slice(1),
  alias,
  createdAt: 1000,
});

/** The behaviour every ChannelStore adapter must show; `open` gives an empty store each time. */
export function channelStoreContract(
  name: string,
  open: () => Promise<ChannelStore & AsyncDisposable>,
): void {
  describe(`${name} channel store`, () => {
    test("a created channel is listed and found by key, and starts empty", async () => {
      await using store = await open();
      await store.apply([{ kind: "create", channel: channel("public", "pub") }], 3);
      expect(await store.get("public")).toEqual(channel("public", "pub"));
      expect(await store.list()).toEqual([channel("public", "pub")]);
      expect(await store.members("public")).toEqual([]);
      expect(await store.appliedPosition()).toBe(3);
    });

    test("members are kept in join order; joining twice and leaving when absent change nothing", async () => {
      await using store = await open();
      await store.apply(
        [
          { kind: "create", channel: channel("public", "pub") },
          { kind: "create", channel: channel("code", "code") },
          { kind: "join", key: "public", characterId: "CB", at: 1 },
          { kind: "join", key: "public", characterId: "CA", at: 2 },
          { kind: "join", key: "public", characterId: "CB", at: 3 },
          { kind: "join", key: "code", characterId: "CA", at: 4 },
          { kind: "leave", key: "code", characterId: "CZ" },
        ],
        9,
      );
      expect(await store.members("public")).toEqual(["CB", "CA"]);
      expect(await store.channelsOf("CA")).toEqual(["code", "public"]);
      await store.apply([{ kind: "leave", key: "public", characterId: "CA" }], 10);
      expect(await store.channelsOf("CA")).toEqual(["code"]);
      expect(await store.snapshot()).toEqual({
        channels: [channel("code", "code"), channel("public", "pub")],
        members: ["code CA", "public CB"],
        marks: [],
      });
    });

    test("destroying a channel removes its members; joining a missing channel does nothing", async () => {
      await using store = await open();
      await store.apply(
        [
          { kind: "create", channel: channel("public", "pub") },
          { kind: "join", key: "public", characterId: "CA", at: 1 },
          { kind: "destroy", key: "public" },
          { kind: "join", key: "gone", characterId: "CA", at: 2 },
        ],
        5,
      );
      expect(await store.get("public")).toBeUndefined();
      expect(await store.channelsOf("CA")).toEqual([]);
      expect(await store.snapshot()).toEqual({ channels: [], members: [], marks: [] });
    });

    test("a second create of a key or an alias is ignored", async () => {
      await using store = await open();
      await store.apply([{ kind: "create", channel: channel("public", "pub") }], 1);
      await store.apply(
        [
          { kind: "create", channel: { ...channel("public", "p2"), name: "Other" } },
          { kind: "create", channel: channel("pubs", "pub") },
        ],
        2,
      );
      expect(await store.list()).toEqual([channel("public", "pub")]);
    });

    test("a channel keeps its owner", async () => {
      await using store = await open();
      await store.apply([{ kind: "create", channel: { ...channel("code", "code"), ownerId: "CA" } }], 1);
      expect(await store.get("code")).toEqual({ ...channel("code", "code"), ownerId: "CA" });
    });

    test("marks are set, replaced and lifted, and read by channel and by character", async () => {
      await using store = await open();
      await store.apply(
        [
          { kind: "create", channel: channel("public", "pub") },
          { kind: "create", channel: channel("code", "code") },
          {
            kind: "mark",
            mark: { key: "public", characterId: "CB", mark: "muted", until: 5000, reason: "spam" },
          },
          { kind: "mark", mark: { key: "public", characterId: "CA", mark: "moderator" } },
          { kind: "mark", mark: { key: "code", characterId: "CB", mark: "banned" } },
          { kind: "mark", mark: { key: "gone", characterId: "CB", mark: "banned" } },
          { kind: "mark", mark: { key: "public", characterId: "CB", mark: "muted", reason: "again" } },
        ],
        4,
      );
      expect(await store.marks("public")).toEqual([
        { key: "public", characterId: "CA", mark: "moderator" },
        { key: "public", characterId: "CB", mark: "muted", reason: "again" },
      ]);
      expect(await store.marksOf("CB")).toEqual([
        { key: "code", characterId: "CB", mark: "banned" },
        { key: "public", characterId: "CB", mark: "muted", reason: "again" },
      ]);
      await store.apply([{ kind: "unmark", key: "code", characterId: "CB", mark: "banned" }], 5);
      expect(await store.marksOf("CB")).toEqual([
        { key: "public", characterId: "CB", mark: "muted", reason: "again" },
      ]);
      expect((await store.snapshot()).marks).toEqual(["public CA moderator - ", "public CB muted - again"]);
    });

    test("leaving drops only the leaver's gag; destroying a channel drops all its marks", async () => {
      await using store = await open();
      await store.apply(
        [
          { kind: "create", channel: channel("public", "pub") },
          { kind: "join", key: "public", characterId: "CA", at: 1 },
          { kind: "mark", mark: { key: "public", characterId: "CA", mark: "gagged" } },
          { kind: "mark", mark: { key: "public", characterId: "CA", mark: "muted", until: 9 } },
          { kind: "leave", key: "public", characterId: "CA" },
        ],
        3,
      );
      expect(await store.marksOf("CA")).toEqual([
        { key: "public", characterId: "CA", mark: "muted", until: 9 },
      ]);
      await store.apply([{ kind: "destroy", key: "public" }], 4);
      expect(await store.marksOf("CA")).toEqual([]);
    });

    test("the applied position never moves back", async () => {
      await using store = await open();
      await store.apply([], 7);
      await store.apply([], 4);
      expect(await store.appliedPosition()).toBe(7);
    });
  });
}
