import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import {
  enter,
  enterAsAdmin,
  startTestGame,
  type TestGame,
  typist,
} from "#core/game/test-support/game-harness.ts";
import { memoryStores } from "#core/store/memory-stores.ts";
import { clipName } from "#core/world/world-text-rules.ts";
import { toEventView } from "#gateway/events/event-view.ts";
import { renderEvent } from "#gateway/events/render-event.ts";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { parseMarkup, type Style } from "#shared/markup/parse-markup.ts";
import { sanitizeText } from "#shared/markup/sanitize-text.ts";

// Invariant: no stored or typed string reaches a terminal raw. Nasty strings go through
// every command that names something, typed (the caps refuse most) and stored before the caps existed
// (injected as world and channel events); every output line and every event the player is shown is checked
// as the gateway renders it.

const corpus: readonly (readonly [string, string])[] = [
  ["an OSC title change and a screen clear", "\x1b]0;PWNED\x07\x1b[2J"],
  ["a CSI colour", "\x1b[31mred\x1b[0m"],
  ["a bell and a backspace", "ding\x07\x08"],
  ["a C1 CSI", "c1\u009b31m"],
  ["a bidi override", "abc\u202Edcba"],
  ["zero-width characters", "z\u200Bw\u200D\uFEFFj"],
  ["a line separator forging a line", "x\u2028Admin says, hi"],
  ["colour markup", "%[red]red%[/]"],
  ["an escaped percent", "50%% off"],
  ["IAC, WILL and SOH as code points", "\u00ff\u00fb\u0001"],
  // Long, but two of it still fit one typed line (4096 bytes).
  ["a very long name", `long${"x".repeat(1800)}`],
];

// No C0 control (but the line feed of a multi-line event), DEL, C1, bidi control, invisible character or
// line separator may reach the terminal.
const unsafe =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none survive.
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]/;

/** Checks text as a terminal gets it: nothing unsafe, no byte 255 (telnet IAC). */
function expectSafeText(plain: string, context: string) {
  expect({ context, plain, unsafe: unsafe.test(plain) }).toMatchObject({ unsafe: false });
  expect({ context, iac: Buffer.from(plain, "utf8").includes(0xff) }).toEqual({ context, iac: false });
}

/** A line of command output: safe, and without any colour, since the core's output has none of its own. */
function expectHarmlessOutput(markup: string, context: string) {
  const plain = renderMarkup(markup, "none");
  expectSafeText(plain, context);
  expect({ context, coloured: renderMarkup(markup, "truecolor") }).toEqual({ context, coloured: plain });
}

/** The only styles the renderer's own templates use: bold titles, dim <OOC>, cyan channel tags. */
const serverStyles: Style[] = [{}, { bold: true }, { dim: true }, { fg: { kind: "ansi", index: 6 } }];

/** An event as `viewer` reads it: safe, and styled only by the renderer's own templates. */
function expectHarmlessEvent(event: StoredEvent, viewer: string, context: string) {
  const kind = event.actor.kind === "player" ? "unknown" : event.actor.kind;
  const actor = { kind, id: event.actor.id } as const;
  const view = toEventView({ ...event, actor });
  // A stored event the schema refuses would be shown as nothing, which would hide what this corpus checks.
  expect({ context, malformed: view.known ? undefined : view.malformed }).toEqual({
    context,
    malformed: undefined,
  });
  const markup = renderEvent(view, { characterId: viewer });
  if (markup === undefined) return;
  expectSafeText(renderMarkup(markup, "none"), `${context} (${event.type})`);
  // A description may carry its writer's colour (help formatting); a name, and every other text, may not.
  const described =
    event.payload.description === undefined ? undefined : { ...event.payload, description: "" };
  const plain = described
    ? renderEvent(toEventView({ ...event, actor, payload: described }), { characterId: viewer })
    : markup;
  for (const { style } of parseMarkup(plain ?? "")) expect(serverStyles).toContainEqual(style);
}

/** What a player sees of a name the core stored: clipped to the cap, sanitised. */
const shown = (name: string) => sanitizeText(clipName(name));

let t: TestGame;
const stores = memoryStores();
let asAdmin: (line: string) => Promise<readonly string[]>;
let asAlice: (line: string) => Promise<readonly string[]>;
let aliceId = "";
let adminId = "";
let since = 0;
/** Events appended since the last call. */
const newEvents = async () => {
  const last = await stores.events.lastPosition();
  const events: StoredEvent[] = [];
  if (last > since) {
    for await (const event of stores.events.subscribe(since, new AbortController().signal)) {
      events.push(event);
      if (event.position >= last) break;
    }
  }
  since = last;
  return events;
};

/** Runs a line and checks its output and every event it appended, as `viewer` would read them. */
async function check(run: (line: string) => Promise<readonly string[]>, line: string, viewer: string) {
  const output = await run(line);
  for (const markup of output) expectHarmlessOutput(markup, line);
  for (const event of await newEvents()) expectHarmlessEvent(event, viewer, line);
  return output.map((m) => renderMarkup(m, "none"));
}

const legacy = (type: string, payload: Record<string, unknown>, stream = "world"): NewEvent => ({
  id: `LEGACY${(++legacyIds).toString().padStart(4, "0")}`,
  stream,
  type,
  timestamp: 1,
  actor: { kind: "system", id: "legacy" },
  payload,
});
let legacyIds = 0;

beforeAll(async () => {
  // A first start seeds the world and Public; the legacy channel is then stored as if made long ago.
  await (await startTestGame(stores))[Symbol.asyncDispose]();
  await stores.events.append(
    corpus.map(([, s], i) =>
      legacy(
        "channel.create",
        { channel: `Chan${i}${s}`, alias: `c${i}`, name: "HoloMUSH" },
        `channel:chan${i}`,
      ),
    ),
  );
  t = await startTestGame(stores);
  const alice = await enter(t.client, "Alice", "a1");
  await enter(t.client, "Bobby", "b1");
  const adminSession = await enterAsAdmin(t.client, "x1");
  aliceId = alice.character?.id ?? "";
  adminId = adminSession?.character?.id ?? "";
  const lines = (send: ReturnType<typeof typist>) => async (line: string) => (await send(line)).output;
  asAlice = lines(typist(t.client, alice.sessionId, "a1"));
  asAdmin = lines(typist(t.client, adminSession?.sessionId ?? "", "x1"));
  since = await stores.events.lastPosition();
});

afterAll(async () => {
  await t?.[Symbol.asyncDispose]();
});

describe("typed nasty strings through every naming command", () => {
  const commands = [
    (s: string) => `create lamp${s}`,
    (s: string) => `dig cellar${s}`,
    (s: string) => `dig Attic = up${s}, down${s}`,
    (s: string) => `open hatch${s}`,
    (s: string) => `open hatch;h${s}`,
    (s: string) => `name here = hall${s}`,
    (s: string) => `name garden = path;p${s}`,
    (s: string) => `describe here = dusty${s}`,
    (s: string) => `describe me = tall${s}`,
    (s: string) => `channel create C${s}`,
    (s: string) => `channel join ${s}`,
    (s: string) => `character create ${s}`,
    (s: string) => `look ${s}`,
    (s: string) => `get ${s}`,
    (s: string) => `drop ${s}`,
    (s: string) => `give ${s} = Alice`,
    (s: string) => `go ${s}`,
    (s: string) => `destroy ${s}`,
    (s: string) => `link ${s} = here`,
    (s: string) => `unlink ${s}`,
    (s: string) => `teleport ${s} = here`,
    (s: string) => `teleport me = ${s}`,
    (s: string) => `page ${s} = hi`,
    (s: string) => `boot ${s}`,
    (s: string) => `help ${s}`,
    (s: string) => `say ${s}`,
    (s: string) => `ooc ${s}`,
    (s: string) => `${s}`,
  ];
  test.each(corpus)("%s: every answer and event reaches the terminal harmless", async (_label, s) => {
    for (const command of commands) await check(asAdmin, command(s), adminId);
    // The admin went wherever a typed name took them; back to the Lobby for the next string.
    await asAdmin("teleport me = lobby");
    await newEvents();
  });
});

describe("nasty names stored before the caps", () => {
  beforeAll(async () => {
    const names = corpus.map(([, s], i) => `${String.fromCharCode(97 + i)}${s}`);
    await stores.events.append([
      ...names.map((name, i) =>
        legacy("object_created", {
          id: `OL${i}`,
          name: `lamp ${name}`,
          description: `shiny${corpus[i]?.[1]}`,
          location: "lobby",
        }),
      ),
      ...names.map((name, i) =>
        legacy("object_created", { id: `OA${i}`, name: `cup ${name}`, description: "", holder: aliceId }),
      ),
      ...corpus.map(([, s], i) =>
        legacy("location_created", { id: `LL${i}`, name: `Vault${s}`, description: s }),
      ),
      ...corpus.map(([, s], i) =>
        legacy("exit_opened", {
          id: `XL${i}`,
          location: "lobby",
          name: `${i}door${s}`,
          aliases: [s],
          to: `LL${i}`,
        }),
      ),
    ]);
    await newEvents();
  });

  test("inventory, look and the 'Which' line show every name harmless and as it was written", async () => {
    const inventory = await check(asAlice, "inventory", aliceId);
    for (const [i, [, s]] of corpus.entries())
      expect(inventory).toContain(`  ${shown(`cup ${String.fromCharCode(97 + i)}${s}`)}`);
    await check(asAlice, "look", aliceId);
    expect((await check(asAlice, "look lamp", aliceId))[0]).toStartWith("Which 'lamp'?");
    expect((await check(asAlice, "drop cup", aliceId))[0]).toStartWith("Which 'cup'?");
  });

  test.each(corpus.map(([label, s], i) => [label, s, String.fromCharCode(97 + i), i] as const))(
    "%s: every command that echoes the stored name keeps it harmless",
    async (_label, s, letter, i) => {
      const lamp = `lamp ${letter}`;
      await check(asAlice, `look ${lamp}`, aliceId);
      await check(asAlice, `look cup ${letter}`, aliceId);
      await check(asAlice, `look ${i}door`, aliceId);
      expect(await check(asAdmin, `describe ${lamp} = Brass.`, adminId)).toEqual([
        `Described ${shown(`${lamp}${s}`)}.`,
      ]);
      await check(asAdmin, `destroy ${lamp}`, adminId);
      await check(asAlice, `get ${lamp}`, aliceId);
      await check(asAlice, `give ${lamp} = Bobby`, aliceId);
      await check(asAlice, `drop cup ${letter}`, aliceId);
      await check(asAdmin, `unlink ${i}door`, adminId);
      await check(asAdmin, `link ${i}door = LL${i}`, adminId);
      await check(asAdmin, `teleport Alice = LL${i}`, adminId);
      await check(asAlice, "look", aliceId);
      await check(asAlice, "home", aliceId);
      await check(asAdmin, `teleport me = LL${i}`, adminId);
      await check(asAdmin, `name here = Vault ${i}`, adminId);
      await check(asAdmin, "teleport me = lobby", adminId);
      await check(asAdmin, `channel join chan${i}`, adminId);
      await check(asAdmin, `channel who chan${i}`, adminId);
      await check(asAdmin, `c${i} hello`, adminId);
      await check(asAdmin, `channel history chan${i}`, adminId);
      await check(asAdmin, "channel list", adminId);
      await check(asAdmin, `channel leave chan${i}`, adminId);
      await check(asAdmin, `name ${lamp} = Lamp ${i}`, adminId);
    },
  );
});
