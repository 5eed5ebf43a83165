import { expect, test } from "bun:test";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { PlayLink } from "#gateway/play/play-link.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createSiteBanCache } from "./site-ban-cache.ts";

function fakeLink() {
  let list = {
    version: 0n,
    bans: [] as { target: string; reason: string; expiresAt?: ReturnType<typeof timestampFromMs> }[],
  };
  const asked: bigint[] = [];
  const link = {
    client: {
      listSiteBans: async ({ knownVersion }: { knownVersion: bigint }) => {
        asked.push(knownVersion);
        return knownVersion === list.version
          ? { version: list.version, changed: false, bans: [] }
          : { version: list.version, changed: true, bans: list.bans };
      },
    },
    state: () => ({ kind: "ready" }),
    onStateChange: () => () => {},
    reportFailure: () => {},
  } as unknown as PlayLink;
  return { link, asked, set: (next: typeof list) => (list = next) };
}

test("the cache refuses what the core bans, asks with the version it holds, and lets an ended ban lapse", async () => {
  const clock = manualClock(1_000_000);
  const timers = manualTimers(clock);
  const { link, asked, set } = fakeLink();
  using cache = createSiteBanCache({ link, timers, clock, log: collectingLogger().logger });
  await cache.refresh();
  expect(cache.refusal("203.0.113.9")).toBeUndefined();
  set({
    version: 7n,
    bans: [
      { target: "203.0.113.0/24", reason: "bots" },
      { target: "2001:db8::/32", reason: "abuse", expiresAt: timestampFromMs(1_060_000) },
    ],
  });
  await cache.refresh();
  expect(cache.refusal("203.0.113.9")).toBe("You are banned from this game: bots");
  expect(cache.refusal("2001:db8::1")).toStartWith("You are banned from this game until ");
  await cache.refresh();
  expect(asked).toEqual([0n, 0n, 7n]);
  clock.advance(60_000);
  expect(cache.refusal("2001:db8::1")).toBeUndefined();
  expect(cache.refusal("198.51.100.1")).toBeUndefined();
});
