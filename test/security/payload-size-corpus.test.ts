import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MAX_LINE_BYTES } from "#core/engine/engine.ts";
import { MAX_PAYLOAD_BYTES } from "#core/events/event.ts";
import {
  enter,
  enterAsAdmin,
  startTestGame,
  type TestGame,
  typist,
} from "#core/game/test-support/game-harness.ts";
import { memoryStores } from "#core/store/memory-stores.ts";
import { MAX_ALIASES, MAX_NAME_LENGTH } from "#core/world/world-text-rules.ts";

// Every command whose event grows with stored data, run in a Lobby filled to the caps: none may fail with a
// payload-size error, or one crowded room (the Lobby, where `home` leads) would stop everyone moving.

const OBJECTS = 150;
const EXITS = 40;
const PEOPLE = 12;

/** A name of exactly MAX_NAME_LENGTH characters, starting with `tag`, filled with text that is large as JSON. */
const atCap = (tag: string, fill: string) => tag + fill.repeat(MAX_NAME_LENGTH - [...tag].length);
/** Alternates four-byte emoji and quotes (two bytes each in JSON), the two largest fills a name may hold. */
const fillOf = (i: number) => (i % 2 === 0 ? "😀" : '"');
/** A character name at its cap (20). */
const person = (i: number) => `P${i}`.padEnd(20, "x");

let t: TestGame;
let asAdmin: (line: string) => Promise<readonly string[]>;
let asAlice: (line: string) => Promise<readonly string[]>;
const stores = memoryStores();

/** Runs a line and returns its output; a payload refusal or any failed call fails the test. */
async function ok(run: (line: string) => Promise<readonly string[]>, line: string) {
  const output = await run(line);
  expect({ line: line.slice(0, 60), output: output.filter((l) => /larger than|payload/i.test(l)) }).toEqual({
    line: line.slice(0, 60),
    output: [],
  });
  return output;
}

beforeAll(async () => {
  t = await startTestGame(stores);
  const session = await enterAsAdmin(t.client, "x1");
  const adminTypes = typist(t.client, session?.sessionId ?? "", "x1");
  asAdmin = async (line) => (await adminTypes(line)).output;
  const alice = await enter(t.client, "Alice", "a1");
  const aliceTypes = typist(t.client, alice.sessionId, "a1");
  asAlice = async (line) => (await aliceTypes(line)).output;
  // Names at the cap of characters (20), all connected and in the Lobby.
  for (let i = 0; i < PEOPLE; i++) await enter(t.client, person(i), `p${i}`);
  for (let i = 0; i < OBJECTS; i++) {
    const name = atCap(`o${i}`, fillOf(i));
    await ok(asAdmin, `create ${name}`);
    await ok(asAdmin, `drop ${name}`);
  }
  for (let i = 0; i < EXITS; i++) {
    const aliases = Array.from({ length: MAX_ALIASES }, (_, j) => atCap(`x${i}a${j}`, "é"));
    await ok(asAdmin, `open ${[atCap(`x${i}`, fillOf(i)), ...aliases].join(";")} = garden`);
  }
  // The longest description a typed line can carry, all quotes (two bytes each as stored).
  const prefix = "describe here = ";
  await ok(asAdmin, `${prefix}${'"'.repeat((MAX_LINE_BYTES - prefix.length) / 2)}`);
}, 120_000);

afterAll(async () => {
  await t?.[Symbol.asyncDispose]();
});

describe("commands in a Lobby filled to the caps", () => {
  test("every event stored on the way in fits the payload limit", async () => {
    const last = await stores.events.lastPosition();
    let largest = 0;
    for await (const event of stores.events.subscribe(0, new AbortController().signal)) {
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(event.payload), "utf8"));
      if (event.position >= last) break;
    }
    expect(largest).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  const object = (i: number) => atCap(`o${i}`, fillOf(i));
  const exit = (i: number) => atCap(`x${i}`, fillOf(i));
  test.each<[string, "Alice" | "admin"]>([
    ["look", "Alice"],
    [`look ${object(1)}`, "Alice"],
    [`look ${exit(3)}`, "Alice"],
    ["look me", "Alice"],
    [`get ${object(2)}`, "Alice"],
    [`give ${object(2)} = ${person(0)}`, "Alice"],
    [`get ${object(4)}`, "admin"],
    [`drop ${object(4)}`, "admin"],
    ["inventory", "admin"],
    ["who", "Alice"],
    ["help", "Alice"],
    ["channel who Public", "Alice"],
    ["channel list", "Alice"],
    ["go garden", "Alice"],
    ["out", "Alice"],
    ["g", "Alice"],
    ["home", "Alice"],
    ["teleport Alice = garden", "admin"],
    ["teleport Alice = lobby", "admin"],
    [`destroy ${exit(5)}`, "admin"],
  ])("%s (by %s) succeeds", async (line, who) => {
    await ok(who === "Alice" ? asAlice : asAdmin, line);
  });

  test("channel history at its most lines and longest messages fits", async () => {
    const text = '"'.repeat(MAX_LINE_BYTES - "pub ".length);
    for (let i = 0; i < 30; i++) await ok(asAlice, `pub ${text}`);
    await ok(asAlice, "channel history Public 100");
  });

  test("a whole Lobby sent home at once: destroying a room full of characters moves each of them", async () => {
    await ok(asAdmin, "dig Crowd = crowd, back");
    for (let i = 0; i < PEOPLE; i++) await ok(asAdmin, `teleport ${person(i)} = Crowd`);
    await ok(asAdmin, "teleport me = Crowd");
    await ok(asAdmin, "link me = lobby");
    await ok(asAdmin, "destroy/confirm here");
    expect(await ok(asAlice, "look")).toEqual([]);
  });
});
