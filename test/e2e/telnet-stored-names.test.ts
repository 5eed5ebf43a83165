import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { NewEvent } from "#core/events/event.ts";
import { openEmbeddedDatabase } from "#core/store/embedded/embedded-database.ts";
import { createEmbeddedEventStore } from "#core/store/embedded/embedded-event-store.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { startTelnetGame, type TelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// Invariant 9 over the compiled binary: an object whose name holds an OSC title change, a bell and a screen
// clear (stored before names were checked, so injected into the store while the core is down) reaches
// Alice's terminal as harmless text in her inventory, her look, `look lamp` and the "Which 'lamp'?" line.

const ADMIN_PASSWORD = "admin-pass-phrase";
const EVIL = "\x1b]0;PWNED\x07\x1b[2J";
const SHOWN = "]0;PWNED[2J";
let game: TelnetGame;
const players: TelnetPlayer[] = [];

const legacyObject = (id: string, name: string, description: string): NewEvent => ({
  id: `LEGACY${id}`,
  stream: "world",
  type: "object_created",
  timestamp: Date.now(),
  actor: { kind: "system", id: "legacy" },
  payload: { id, name, description, location: "lobby" },
});

beforeAll(async () => {
  game = await startTelnetGame({ env: { HOLOMUSH_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  await game.killCore();
  const { logger } = collectingLogger();
  const database = await openEmbeddedDatabase({
    path: join(game.dirs.dataDir, "holomush.db"),
    unsafeDurability: false,
    log: logger,
  });
  const events = createEmbeddedEventStore({ database, log: logger });
  await events.append([
    legacyObject("OLAMP", `Lamp ${EVIL}`, `A brass lamp.${EVIL}`),
    legacyObject("OSIGN", `Sign ${EVIL}`, ""),
  ]);
  await events[Symbol.asyncDispose]();
  await database.close();
  await game.startCore();
}, 90_000);

afterAll(async () => {
  for (const p of players) await p[Symbol.asyncDispose]();
  await game?.[Symbol.asyncDispose]();
});

async function arrive(name: string, how: "register" | "connect", password: string) {
  const player = await connectTelnetPlayer(game.telnetPort);
  players.push(player);
  await player.waitForLine(/^ {2}quit +to leave$/);
  await loginPlayer(player, name, password, how);
  return player;
}

/**
 * What reached the terminal since byte `from` that a terminal would act on: telnet commands (IAC …) and the
 * server's own SGR colour are taken out first; any control byte, C1 control or bidi override left is a leak.
 */
function leaks(player: TelnetPlayer, from: number): string[] {
  const latin1 = Buffer.from(player.raw().subarray(from))
    .toString("latin1")
    .replace(/\xff\xfa[\s\S]*?\xff\xf0/g, "")
    .replace(/\xff[\xfb-\xfe][\s\S]/g, "")
    .replace(/\xff[\xef-\xf9\xff]/g, "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the server's own colour is allowed.
    .replace(/\x1b\[[0-9;]*m/g, "");
  const text = Buffer.from(latin1, "latin1").toString("utf8");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these must never reach the terminal.
  return [...text.matchAll(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g)].map(
    (m) => `U+${m[0].codePointAt(0)?.toString(16).padStart(4, "0")} at ${m.index}`,
  );
}

describe("a stored name with terminal escapes", () => {
  test("an admin gives the lamp to Alice; her inventory, look, look lamp and the 'Which' line are harmless", async () => {
    const alice = await arrive("Alice", "register", "alice-pass-phrase");
    const admin = await arrive("admin", "connect", ADMIN_PASSWORD);
    const a = alice.lines.length;
    const aliceBytes = alice.received;
    const adminBytes = admin.received;
    const m = admin.lines.length;

    // The caps refuse the name now, and the refusal does not echo the escape either.
    admin.send(`create Lamp ${EVIL}`);
    await admin.waitForLine("A name cannot hold invisible or control characters.", m);
    admin.send("get lamp");
    await admin.waitForLine(`You pick up Lamp ${SHOWN}.`, m);
    admin.send("give lamp = Alice");
    await alice.waitForLine(`admin gives Lamp ${SHOWN} to you.`, a);
    admin.send("create Lamp post");
    await admin.waitForLine("Created Lamp post. You are holding it.", m);
    admin.send("drop lamp post");
    await alice.waitForLine("admin drops Lamp post.", a);

    alice.send("inventory");
    await alice.waitForLine(`  Lamp ${SHOWN}`, a);
    alice.send("look");
    await alice.waitForLine(`You see: Lamp post and Sign ${SHOWN}`, a);
    alice.send("look lamp");
    const which = await alice.waitForLine(/^Which 'lamp'\? /, a);
    expect([which, which.includes("Lamp post"), which.includes(`Lamp ${SHOWN}`)]).toEqual([
      which,
      true,
      true,
    ]);
    alice.send("look sign");
    await alice.waitForLine(`Sign ${SHOWN}`, a);
    admin.send("look lamp");
    await admin.waitForLine(/^Lamp post$/, m);

    expect(leaks(alice, aliceBytes)).toEqual([]);
    expect(leaks(admin, adminBytes)).toEqual([]);
    expect(Buffer.from(alice.raw().subarray(aliceBytes)).includes(0x07)).toBe(false);
  });
});
