import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { Cmd, Opt } from "./telnet-constants.ts";
import { createTelnetParser, type TelnetEvent } from "./telnet-parser.ts";

type Plain =
  | { kind: "data"; bytes: number[] }
  | { kind: "command"; command: number }
  | { kind: "negotiate"; verb: number; option: number }
  | { kind: "subnegotiation"; option: number; data: number[] }
  | { kind: "subnegotiation-overflow"; option: number };

/** Parses `chunks` and returns events with adjacent data merged, as plain objects. */
function parse(chunks: readonly Uint8Array[], maxSubnegotiation?: number): Plain[] {
  const out: Plain[] = [];
  const parser = createTelnetParser(
    (e: TelnetEvent) => {
      const last = out.at(-1);
      if (e.kind === "data") {
        if (last?.kind === "data") last.bytes.push(...e.bytes);
        else out.push({ kind: "data", bytes: [...e.bytes] });
      } else if (e.kind === "subnegotiation") out.push({ kind: e.kind, option: e.option, data: [...e.data] });
      else out.push({ ...e });
    },
    maxSubnegotiation === undefined ? {} : { maxSubnegotiation },
  );
  for (const c of chunks) parser.push(c);
  return out;
}
const b = (...xs: number[]) => Uint8Array.from(xs);
const text = (s: string) => [...new TextEncoder().encode(s)];

describe("telnet parser", () => {
  test.each<[string, number[], Plain[]]>([
    ["plain data", text("hi"), [{ kind: "data", bytes: text("hi") }]],
    ["IAC IAC is one 255 data byte", [65, 255, 255, 66], [{ kind: "data", bytes: [65, 255, 66] }]],
    ["IAC WILL NAWS", [255, 251, 31], [{ kind: "negotiate", verb: Cmd.WILL, option: Opt.NAWS }]],
    ["IAC DONT ECHO", [255, 254, 1], [{ kind: "negotiate", verb: Cmd.DONT, option: Opt.ECHO }]],
    ["IAC NOP", [255, 241], [{ kind: "command", command: Cmd.NOP }]],
    [
      "NAWS subnegotiation with an escaped 255 width byte",
      [255, 250, 31, 0, 255, 255, 0, 24, 255, 240],
      [{ kind: "subnegotiation", option: 31, data: [0, 255, 0, 24] }],
    ],
    [
      "IAC SB IAC SE is dropped, not a subnegotiation",
      [255, 250, 255, 240, 65],
      [{ kind: "data", bytes: [65] }],
    ],
    [
      "an unterminated subnegotiation interrupted by a command obeys the command",
      [255, 250, 24, 0, 65, 255, 253, 1, 66],
      [
        { kind: "negotiate", verb: Cmd.DO, option: 1 },
        { kind: "data", bytes: [66] },
      ],
    ],
    ["a stray SE is ignored", [255, 240, 67], [{ kind: "data", bytes: [67] }]],
    ["an unterminated subnegotiation at the end yields no input", [255, 250, 24, 65, 66, 67], []],
  ])("%s", (_name, bytes, expected) => {
    expect(parse([Uint8Array.from(bytes)])).toEqual(expected);
  });

  test("an oversized subnegotiation is discarded, never read as data, and parsing recovers at IAC SE", () => {
    const body = new Array(100).fill(65);
    const events = parse([b(255, 250, 201, ...body, 255, 240, 66)], 16);
    expect(events).toEqual([
      { kind: "subnegotiation-overflow", option: 201 },
      { kind: "data", bytes: [66] },
    ]);
  });

  test("one byte per push parses like one chunk", () => {
    const bytes = b(72, 255, 251, 24, 255, 250, 24, 0, 88, 255, 240, 255, 255, 10);
    expect(parse([...bytes].map((x) => b(x)))).toEqual(parse([bytes]));
  });

  test("any split of the same bytes parses identically", () => {
    const telnetish = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(255, 250, 240, 251, 253));
    fc.assert(
      fc.property(
        fc.array(telnetish, { maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 20 }),
        (bytes, cuts) => {
          const all = Uint8Array.from(bytes);
          const points = [...new Set(cuts.map((c) => Math.min(c, all.length)))].sort((x, y) => x - y);
          const chunks: Uint8Array[] = [];
          let from = 0;
          for (const p of [...points, all.length]) {
            chunks.push(all.slice(from, p));
            from = p;
          }
          expect(parse(chunks, 32)).toEqual(parse([all], 32));
        },
      ),
      { numRuns: 500 },
    );
  });

  test("a 1 MiB unterminated subnegotiation holds at most the cap", () => {
    const events = parse([b(255, 250, 24), new Uint8Array(1024 * 1024).fill(65)]);
    expect(events).toEqual([{ kind: "subnegotiation-overflow", option: 24 }]);
  });
});
