import { expect, test } from "bun:test";
import { createCoreLink } from "#gateway/core-link/core-link.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { reconnectedNotice, restartingNotice } from "./outage-notices.ts";
import { createPlayService } from "./play-service.ts";
import { createFakeConnection, waitUntil } from "./test-support/fake-connection.ts";
import { createFakeCore } from "./test-support/fake-core.ts";

test("with the real core link, a core restart is announced, retried on the backoff timer, and play resumes", async () => {
  const core = createFakeCore();
  const clock = manualClock();
  const timers = manualTimers(clock);
  const log = collectingLogger();
  await using link = createCoreLink({
    coreAddr: "127.0.0.1:9000",
    gameId: "01FAKE",
    client: core.client,
    clock,
    timers,
    random: () => 0.5,
    log: log.logger,
  });
  await waitUntil(() => link.state().kind === "ready", "the link");
  await using service = createPlayService({
    link,
    log: log.logger,
    clock,
    timers,
    random: () => 0.5,
    newId: sequentialIds("conn"),
    gameName: "Test MUSH",
  });
  const conn = createFakeConnection();
  const handler = service.onConnection(conn);
  conn.bind(handler);
  await handler.onLine("register Alice correct-horse");
  await waitUntil(() => core.streams() === 1, "Alice to play");

  core.stop();
  await waitUntil(() => link.state().kind === "backoff", "the link to back off");
  expect(conn.transcript.filter((l) => l === restartingNotice)).toHaveLength(1);
  await handler.onLine("say still here");

  core.start();
  expect(timers.fireNext()).toBe(true);
  await waitUntil(() => conn.transcript.includes(`You say, "still here"`), "the queued say");
  expect(conn.transcript.filter((l) => l === reconnectedNotice)).toHaveLength(1);
  expect(conn.closed).toBe(false);
  expect(core.commands.map((c) => c.sequence)).toEqual([1n]);
});
