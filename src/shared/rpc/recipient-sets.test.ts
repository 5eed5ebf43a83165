import { describe, expect, test } from "bun:test";
import { createRecipientDecoder, createRecipientEncoder, rememberFrom } from "./recipient-sets.ts";

const crowd = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `c${from + i}`);
const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe("recipient sets on a feed", () => {
  test("a small set is sent whole and not remembered", () => {
    const encoder = createRecipientEncoder();
    expect(encoder.encode("room:1", ["a", "b"])).toEqual({
      connectionIds: ["a", "b"],
      delta: false,
      removedIds: [],
      remember: false,
    });
    expect(encoder.remembered).toBe(0);
  });

  test("a crowded room's next event names only who came and who went", () => {
    const encoder = createRecipientEncoder();
    const first = crowd(20);
    expect(encoder.encode("room:1", first)).toEqual({
      connectionIds: first,
      delta: false,
      removedIds: [],
      remember: true,
    });
    const next = [...crowd(19, 1), "c20"];
    expect(encoder.encode("room:1", next)).toEqual({
      connectionIds: ["c20"],
      delta: true,
      removedIds: ["c0"],
      remember: true,
    });
    expect(encoder.encode("room:1", next)).toEqual({
      connectionIds: [],
      delta: true,
      removedIds: [],
      remember: true,
    });
  });

  test("a set that changed more than it stayed is sent whole", () => {
    const encoder = createRecipientEncoder();
    encoder.encode("room:1", crowd(10));
    expect(encoder.encode("room:1", crowd(10, 100)).delta).toBe(false);
  });

  test("streams keep their own sets", () => {
    const encoder = createRecipientEncoder();
    encoder.encode("room:1", crowd(10));
    expect(encoder.encode("room:2", crowd(10)).delta).toBe(false);
    expect(encoder.remembered).toBe(2);
  });

  test("a set that shrinks below the threshold is forgotten at both ends", () => {
    const encoder = createRecipientEncoder();
    const decoder = createRecipientDecoder();
    decoder.decode("room:1", encoder.encode("room:1", crowd(rememberFrom)));
    expect(decoder.decode("room:1", encoder.encode("room:1", ["c1"]))).toEqual(new Set(["c1"]));
    expect([encoder.remembered, decoder.remembered]).toEqual([0, 0]);
  });

  test("the decoder rebuilds every set the encoder was given, in the same order", () => {
    const encoder = createRecipientEncoder();
    const decoder = createRecipientDecoder();
    // A room filling one by one, a second room, then everyone leaving one by one.
    const sent: [string, string[]][] = [];
    for (let n = 1; n <= 40; n++) sent.push(["room:1", crowd(n)], ["char:x", ["c0"]]);
    for (let n = 1; n <= 12; n++) sent.push(["room:2", crowd(n, 500)]);
    for (let n = 39; n >= 1; n--) sent.push(["room:1", crowd(n, 40 - n)]);
    for (const [stream, ids] of sent)
      expect(sorted(decoder.decode(stream, encoder.encode(stream, ids)))).toEqual([...ids].sort());
  });

  test("a crowded room's set is changed in place at both ends, not copied for each event", () => {
    const encoder = createRecipientEncoder();
    const decoder = createRecipientDecoder();
    const first = decoder.decode("room:1", encoder.encode("room:1", crowd(20)));
    const wire = encoder.encode("room:1", crowd(20, 1));
    expect(wire).toEqual({ connectionIds: ["c20"], delta: true, removedIds: ["c0"], remember: true });
    const second = decoder.decode("room:1", wire);
    expect(second).toBe(first);
    expect(sorted(second)).toEqual(crowd(20, 1).sort());
  });

  test("a delta for a set the decoder does not hold is refused, not guessed", () => {
    const decoder = createRecipientDecoder();
    expect(() =>
      decoder.decode("room:1", { connectionIds: ["a"], delta: true, removedIds: [], remember: true }),
    ).toThrow("no set to apply it to");
  });
});
