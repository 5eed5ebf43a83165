import { expect, test } from "bun:test";
import { createCommandQueue } from "./command-queue.ts";
import { createCredentialStore } from "./credentials.ts";
import { createGameClient } from "./game-client.ts";
import type { GameLink } from "./game-link.ts";
import { createInputHistory } from "./input-history.ts";
import { memoryKeyValueStore } from "./key-value-store.ts";
import { createLoginDriver } from "./login-driver.ts";
import { createPanelState } from "./panel-state.ts";
import { memoryPendingStore } from "./pending-store.ts";
import type { ClientFrame } from "./protocol.ts";
import type { OutputLine } from "./scrollback.ts";
import { createShownReporter } from "./shown-reporter.ts";

function harness(store = memoryKeyValueStore()) {
  const frames: ClientFrame[] = [];
  const fire: (() => void)[] = [];
  const lines: Omit<OutputLine, "id" | "time">[] = [];
  const link: GameLink = {
    start: () => undefined,
    send: (f) => frames.push(f) > 0,
    setOnline: () => undefined,
    status: "connected",
  };
  const credentials = createCredentialStore(memoryKeyValueStore());
  const shown = createShownReporter({
    store,
    // Timers fire only when the test says so.
    timers: {
      after: (_ms, fn) => {
        fire.push(fn);
        return () => undefined;
      },
      every: () => () => undefined,
    },
    send: (position) => link.send({ type: "shown", position }),
  });
  const queue = createCommandQueue({
    store: memoryPendingStore(),
    send: (seq, text) => link.send({ type: "command", seq, text }),
    changed: () => undefined,
  });
  const client = createGameClient({
    link,
    queue,
    credentials,
    history: createInputHistory({ store: memoryKeyValueStore() }),
    login: createLoginDriver((text) => link.send({ type: "line", text })),
    panels: createPanelState(),
    screen: {
      output: (l) => lines.push(l),
      mode: () => undefined,
      passwordInput: () => undefined,
      panelsChanged: () => undefined,
      scenes: () => undefined,
    },
    shown,
  });
  const tick = () => {
    for (const fn of fire.splice(0)) fn();
  };
  return { client, frames, lines, credentials, queue, tick };
}

const event = (position: number) =>
  ({ type: "event", position, eventType: "say", stream: "l", markup: `e${position}` }) as const;

test("a replay shows one missed-events line before its events, which are not announced", async () => {
  const h = harness();
  await h.client.frame({ type: "missed", count: 2, skipped: 0 });
  await h.client.frame(event(1));
  await h.client.frame(event(2));
  await h.client.frame({ type: "missedEnd" });
  await h.client.frame(event(3));
  expect(h.lines.map((l) => [l.source.value, l.quiet])).toEqual([
    ["--- 2 missed events ---", false],
    ["e1", true],
    ["e2", true],
    ["e3", false],
  ]);
});

test("a refused resume clears the credentials and says so; typed lines go to the login flow", async () => {
  const h = harness();
  h.credentials.save({ session: "s", token: "t", client: "old" });
  await h.client.frame({ type: "welcome", game: "G", version: "1", client: "new" });
  expect(h.credentials.load()).toBeUndefined();
  expect(h.lines.map((l) => l.source.value)).toEqual([
    "Your session could not be resumed; please log in again.",
  ]);
  await h.client.submit("connect Alice secret");
  expect(h.frames).toEqual([{ type: "line", text: "connect Alice secret" }]);
});

test("in play, a pasted block becomes one command per line, echoed, in order", async () => {
  const h = harness();
  await h.client.frame({ type: "welcome", game: "G", version: "1", client: "c1" });
  await h.client.frame({ type: "state", state: "playing", character: { id: "x", name: "Alice" } });
  await h.client.submit("say one\nsay two\n");
  expect(h.frames).toEqual([
    { type: "command", seq: 1, text: "say one" },
    { type: "command", seq: 2, text: "say two" },
  ]);
  await h.client.frame({ type: "done", seq: 1 });
  expect(h.queue.items().map((i) => i.seq)).toEqual([2]);
});

test("a reopened tab does not show again what it showed before, and counts only what is new", async () => {
  const store = memoryKeyValueStore();
  const before = harness(store);
  await before.client.frame({ type: "session", session: "s1", token: "t1", client: "c1" });
  await before.client.frame(event(1));
  await before.client.frame(event(2));
  // The tab closes before its position reaches the gateway: the replay brings 2 again, with 3.
  const after = harness(store);
  await after.client.frame({ type: "session", session: "s1", token: "t2", client: "c1" });
  await after.client.frame({ type: "missed", count: 2, skipped: 0 });
  await after.client.frame(event(2));
  await after.client.frame(event(3));
  await after.client.frame({ type: "missedEnd", position: 3 });
  expect(after.lines.map((l) => l.source.value)).toEqual(["--- 1 missed event ---", "e3"]);
});

test("what the tab showed reaches the gateway in one shown frame per pause, never a position twice", async () => {
  const h = harness();
  await h.client.frame({ type: "session", session: "s1", token: "t1", client: "c1" });
  await h.client.frame(event(4));
  await h.client.frame(event(5));
  h.tick();
  await h.client.frame({ type: "missed", count: 0, skipped: 0, presence: 3 });
  await h.client.frame({ type: "missedEnd", position: 9 });
  h.tick();
  h.tick();
  expect(h.frames.filter((f) => f.type === "shown")).toEqual([
    { type: "shown", position: 5 },
    { type: "shown", position: 9 },
  ]);
  expect(h.lines.map((l) => l.source.value)).toEqual([
    "e4",
    "e5",
    "(3 arrivals and departures while you were away are not shown.)",
  ]);
});
