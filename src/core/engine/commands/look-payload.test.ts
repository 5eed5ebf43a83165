import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { MAX_PAYLOAD_BYTES } from "#core/events/event.ts";
import { emptyWorldState, type WorldState } from "#core/world/world-state.ts";
import { MAX_NAME_LENGTH } from "#core/world/world-text-rules.ts";
import { LOOK_LIST_LIMIT, LOOK_PAYLOAD_BYTES, lookPayload } from "./look-payload.ts";

const unowned = { owner: undefined, flags: [], attributes: {} };
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

/** A world with one room, "bazaar", holding these objects and exits (names may predate the caps). */
function bazaar(objects: readonly string[], exits: readonly { name: string; aliases: string[] }[] = []) {
  const state: WorldState = emptyWorldState();
  state.locations.set("bazaar", {
    id: "bazaar",
    name: "The Bazaar",
    description: "Stalls everywhere.",
    ...unowned,
  });
  objects.forEach((name, i) => {
    const id = `O${i}`;
    state.objects.set(id, {
      id,
      name,
      description: "",
      location: "bazaar",
      holder: undefined,
      home: "bazaar",
      ...unowned,
    });
  });
  exits.forEach((x, i) => {
    const id = `X${i}`;
    state.exits.set(id, { id, location: "bazaar", ...x, to: "lobby", description: "", ...unowned });
  });
  return state;
}

/** Every list's shown entries and left-out count add up to what the room holds. */
function expectAccounted(
  look: ReturnType<typeof lookPayload>,
  totals: { exits: number; present: number; contents: number },
) {
  for (const key of ["exits", "present", "contents"] as const)
    expect(look[key].length + (look.omitted?.[key] ?? 0)).toBe(totals[key]);
}

describe("the look payload", () => {
  test("its limit leaves room under the store's, so a move's look is always stored", () => {
    expect(LOOK_PAYLOAD_BYTES).toBeLessThan(MAX_PAYLOAD_BYTES);
  });

  test("five objects with 3.4 KB names (from before the cap) fit, each name clipped", () => {
    const look = lookPayload(
      bazaar(Array.from({ length: 5 }, (_, i) => `${i}${"n".repeat(3400)}`)),
      "bazaar",
      [],
    );
    expect(bytes(look)).toBeLessThanOrEqual(LOOK_PAYLOAD_BYTES);
    expect(look.contents).toHaveLength(5);
    for (const name of look.contents) expect([...name]).toHaveLength(MAX_NAME_LENGTH);
    expect(look.omitted).toBeUndefined();
  });

  test("a crowded room shows at most LOOK_LIST_LIMIT of each list and counts the rest", () => {
    const exits = Array.from({ length: 80 }, (_, i) => ({ name: `door ${i}`, aliases: [`d${i}`] }));
    const present = Array.from({ length: 120 }, (_, i) => `Person${i}`);
    const look = lookPayload(
      bazaar(
        Array.from({ length: 200 }, (_, i) => `pebble ${i}`),
        exits,
      ),
      "bazaar",
      present,
    );
    expect(bytes(look)).toBeLessThanOrEqual(LOOK_PAYLOAD_BYTES);
    expect(look.exits.length).toBeLessThanOrEqual(LOOK_LIST_LIMIT);
    expect(look.present.length).toBeLessThanOrEqual(LOOK_LIST_LIMIT);
    expect(look.contents.length).toBeLessThanOrEqual(LOOK_LIST_LIMIT);
    expectAccounted(look, { exits: 80, present: 120, contents: 200 });
  });

  test("the lists take turns, so exits with huge legacy aliases cannot crowd out who is here", () => {
    const wide = "😀".repeat(2000);
    const exits = Array.from({ length: 60 }, (_, i) => ({
      name: `${i}${wide}`,
      aliases: Array(30).fill(wide),
    }));
    const present = Array.from({ length: 30 }, (_, i) => `Person${i}`);
    const look = lookPayload(bazaar([], exits), "bazaar", present);
    expect(bytes(look)).toBeLessThanOrEqual(LOOK_PAYLOAD_BYTES);
    expect(look.exits.length).toBeGreaterThan(0);
    expect(look.present.length).toBeGreaterThanOrEqual(look.exits.length);
    expectAccounted(look, { exits: 60, present: 30, contents: 0 });
  });

  test("a legacy description and name of any size still fit", () => {
    const state = bazaar(["lamp"]);
    state.locations.set("bazaar", {
      id: "bazaar",
      name: "\x01".repeat(9000),
      description: '"'.repeat(9000),
      ...unowned,
    });
    const look = lookPayload(state, "bazaar", ["Alice"]);
    expect(bytes(look)).toBeLessThanOrEqual(LOOK_PAYLOAD_BYTES);
    expect(look.contents).toEqual(["lamp"]);
  });

  test("whatever the room holds, the payload fits and every entry is shown or counted", () => {
    const names = fc.array(fc.string({ unit: "binary", maxLength: 400 }), { maxLength: 120 });
    fc.assert(
      fc.property(names, names, names, (objects, exitNames, present) => {
        const exits = exitNames.map((name) => ({ name, aliases: [name, name] }));
        const look = lookPayload(bazaar(objects, exits), "bazaar", present);
        expect(bytes(look)).toBeLessThanOrEqual(LOOK_PAYLOAD_BYTES);
        expectAccounted(look, {
          exits: exits.length,
          present: new Set(present).size,
          contents: objects.length,
        });
      }),
      { numRuns: 60 },
    );
  });
});
