import { expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import type { CoreLinkState } from "#gateway/core-link/core-link-state.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { manualClock } from "#shared/util/clock.ts";
import { manualTimers } from "#shared/util/timers.ts";
import { createDisconnectSender, type DisconnectRequest } from "./disconnect-sender.ts";
import type { PlayLink } from "./play-link.ts";

const ready: CoreLinkState = {
  kind: "ready",
  since: 0,
  core: { gameId: "G", version: "0", commit: "c", uptimeMs: 0 },
};
const away: CoreLinkState = { kind: "connecting", attempt: 1, since: 0 };

/** A link whose Disconnect calls wait until the test answers them. */
function fakeLink() {
  let state = ready;
  const listeners = new Set<(s: CoreLinkState, previous: CoreLinkState) => void>();
  const calls: { request: DisconnectRequest; answer: (error?: Error) => void }[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const link = {
    state: () => state,
    onStateChange(listener: (s: CoreLinkState, previous: CoreLinkState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    client: {
      disconnect: (request: DisconnectRequest) =>
        new Promise((resolve, reject) => {
          inFlight++;
          mostInFlight = Math.max(mostInFlight, inFlight);
          calls.push({
            request,
            answer: (error) => {
              inFlight--;
              if (error) reject(error);
              else resolve({});
            },
          });
        }),
    },
  } as unknown as Pick<PlayLink, "client" | "state" | "onStateChange">;
  return {
    link,
    calls,
    mostInFlight: () => mostInFlight,
    setState(next: CoreLinkState) {
      const previous = state;
      state = next;
      for (const l of [...listeners]) l(next, previous);
    },
  };
}

/** Lets the sender's promise callbacks run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function setup(concurrency = 4) {
  const fake = fakeLink();
  const clock = manualClock();
  const timers = manualTimers(clock);
  const { logger } = collectingLogger();
  const sender = createDisconnectSender({
    link: fake.link,
    timers,
    random: () => 0.5,
    log: logger,
    concurrency,
  });
  return { ...fake, timers, sender };
}

test("every detach of a thousand connections closing at once reaches the core, a few at a time", async () => {
  const t = setup(4);
  const sent = Array.from({ length: 1000 }, (_, i) =>
    t.sender.send({ sessionId: `s${i}`, connectionId: `c${i}` }),
  );
  for (let answered = 0; answered < 1000; answered++) {
    await settle();
    t.calls[answered]?.answer();
  }
  await Promise.all(sent);
  expect(new Set(t.calls.map((c) => c.request.connectionId)).size).toBe(1000);
  expect(t.mostInFlight()).toBe(4);
  expect(t.sender.pending).toBe(0);
});

test("a detach that fails while the core is busy is sent again after a pause", async () => {
  const t = setup();
  const sent = t.sender.send({ sessionId: "s", connectionId: "c" });
  await settle();
  t.calls[0]?.answer(new ConnectError("too slow", Code.DeadlineExceeded));
  await settle();
  expect(t.calls).toHaveLength(1);
  t.timers.fireNext();
  await settle();
  expect(t.calls).toHaveLength(2);
  t.calls[1]?.answer();
  await sent;
  expect(t.sender.pending).toBe(0);
});

test("a detach made while the core is away waits for the link, then goes", async () => {
  const t = setup();
  t.setState(away);
  const sent = t.sender.send({ sessionId: "s", connectionId: "c" });
  await settle();
  expect(t.calls).toHaveLength(0);
  t.setState(ready);
  await settle();
  expect(t.calls).toHaveLength(1);
  t.calls[0]?.answer();
  await sent;
});

test("a refusal, such as a session already gone, is an answer and is not sent again", async () => {
  const t = setup();
  const sent = t.sender.send({ sessionId: "s", connectionId: "c" });
  await settle();
  t.calls[0]?.answer(new ConnectError("This connection is no longer attached.", Code.Unauthenticated));
  await sent;
  expect(t.calls).toHaveLength(1);
  expect(t.timers.pending()).toEqual([]);
});

test("a stopping gateway tries each detach once and waits out no outage", async () => {
  const t = setup();
  t.setState(away);
  const waiting = t.sender.send({ sessionId: "s1", connectionId: "c1" });
  await settle();
  t.sender.stopping();
  await waiting;
  t.setState(ready);
  const once = t.sender.send({ sessionId: "s2", connectionId: "c2" });
  await settle();
  t.calls[0]?.answer(new ConnectError("gone", Code.Unavailable));
  await once;
  expect(t.calls.map((c) => c.request.connectionId)).toEqual(["c2"]);
});
