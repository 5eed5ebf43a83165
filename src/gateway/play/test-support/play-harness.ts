import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { manualTimers } from "#shared/util/timers.ts";
import type { OutboxLimits } from "../command-outbox.ts";
import type { CoreFeedDeps } from "../core-feed.ts";
import { createPlayService } from "../play-service.ts";
import type { SharedEventRenderers } from "../shared-event.ts";
import { createFakeConnection, type FakeConnection, waitUntil } from "./fake-connection.ts";
import { createFakeCore } from "./fake-core.ts";
import { createFakeLink } from "./fake-link.ts";

/** A play service wired to a fake core and fake link, with helpers to connect fake players. */
export function playHarness(
  options: {
    outboxLimits?: OutboxLimits;
    renderers?: SharedEventRenderers;
    output?: CoreFeedDeps["output"];
  } = {},
) {
  const core = createFakeCore();
  const link = createFakeLink(core.client);
  const log = collectingLogger();
  const clock = manualClock();
  const timers = manualTimers(clock);
  const service = createPlayService({
    link,
    log: log.logger,
    clock,
    timers,
    random: () => 0.5,
    newId: sequentialIds("conn"),
    gameName: "Test MUSH",
    ...(options.outboxLimits ? { outboxLimits: options.outboxLimits } : {}),
    ...(options.renderers ? { renderers: options.renderers } : {}),
    ...(options.output ? { output: options.output } : {}),
  });

  /**
   * A fake player at the login screen. `type` keeps the connection's contract: while the handler holds
   * input (returned a promise), later lines wait, in order; `waiting` counts them.
   */
  const connect = (width?: number) => {
    const conn = createFakeConnection(width === undefined ? {} : { width });
    const handler = service.onConnection(conn);
    conn.bind(handler);
    const typed: string[] = [];
    let held = false;
    const next = (): void => {
      while (!held && !conn.closed) {
        const line = typed.shift();
        if (line === undefined) return;
        const result = handler.onLine(line);
        if (result === undefined) continue;
        held = true;
        void Promise.resolve(result).then(() => {
          held = false;
          next();
        });
      }
    };
    const type = (line: string): void => {
      typed.push(line);
      next();
    };
    return {
      conn,
      type,
      get waiting() {
        return typed.length;
      },
    };
  };

  /** Connects and logs in as `name` (registering when `register`), waiting until the replay is over. */
  const play = async (
    name: string,
    password: string,
    verb: "connect" | "register" = "register",
    width?: number,
  ) => {
    const player = connect(width);
    const streams = core.streams();
    // register takes a one-word password on its line; one with spaces goes through the prompts.
    if (verb === "register" && /\s/.test(password))
      for (const line of [verb, name, password, password]) player.type(line);
    else player.type(`${verb} ${name} ${password}`);
    await waitUntil(
      () => core.streams() > streams && player.conn.transcript.some((l) => l.startsWith("Welcome")),
      `${name} to enter`,
    );
    return player;
  };

  return { core, link, log, clock, timers, service, connect, play };
}

/** How many lines of `conn`'s transcript equal `line`. */
export const countLines = (conn: FakeConnection, line: string): number =>
  conn.transcript.filter((l) => l === line).length;
