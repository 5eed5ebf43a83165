import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import {
  encodeCommand,
  encodeLine,
  encodeNegotiation,
  encodeSubnegotiation,
  encodeText,
  escapeIac,
} from "./telnet-encoder.ts";
import { createTelnetParser } from "./telnet-parser.ts";

describe("telnet encoder", () => {
  test.each<[string, Uint8Array, number[]]>([
    ["IAC is doubled", escapeIac(Uint8Array.of(1, 255, 2)), [1, 255, 255, 2]],
    ["LF becomes CR LF", encodeText("a\nb"), [97, 13, 10, 98]],
    ["CR LF stays CR LF", encodeText("a\r\nb"), [97, 13, 10, 98]],
    ["text is UTF-8", encodeText("é"), [0xc3, 0xa9]],
    ["WILL GMCP", encodeNegotiation(251, 201), [255, 251, 201]],
    ["IAC EOR", encodeCommand(239), [255, 239]],
    [
      "SB NAWS with an escaped byte",
      encodeSubnegotiation(31, Uint8Array.of(0, 255, 0, 24)),
      [255, 250, 31, 0, 255, 255, 0, 24, 255, 240],
    ],
    ["SB GMCP text", encodeSubnegotiation(201, "A.B 1"), [255, 250, 201, 65, 46, 66, 32, 49, 255, 240]],
  ])("%s", (_name, actual, expected) => {
    expect([...actual]).toEqual(expected);
  });

  test("escaped bytes never contain an unescaped IAC and parse back to the original data", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const wire = escapeIac(bytes);
        for (let i = 0; i < wire.length; i++) {
          if (wire[i] === 255) {
            expect(wire[i + 1]).toBe(255);
            i++;
          }
        }
        const back: number[] = [];
        createTelnetParser((e) => {
          if (e.kind === "data") back.push(...e.bytes);
          else throw new Error(`unexpected ${e.kind}`);
        }).push(wire);
        expect(back).toEqual([...bytes]);
      }),
    );
  });

  test("encoded text never yields a telnet command when parsed", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        createTelnetParser((e) => {
          if (e.kind !== "data") throw new Error(`unexpected ${e.kind}`);
        }).push(encodeText(s));
      }),
    );
  });
});

test("a line is encoded with its line end, and the same text again gives the same bytes", () => {
  const first = encodeLine("a\nb");
  expect([...first]).toEqual([...encodeText("a\nb\n")]);
  expect(encodeLine("a\nb")).toBe(first);
  expect([...encodeLine("c")]).toEqual([0x63, 0x0d, 0x0a]);
});
