import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { escapeMarkup, playerText } from "#shared/markup/markup.ts";
import type { ColorDepth } from "./color-depth.ts";
import { displayWidth } from "./display-width.ts";
import { renderMarkup } from "./render-markup.ts";
import { wrapText } from "./wrap.ts";

const E = "\x1b[";

describe("renderMarkup", () => {
  test.each<[string, ColorDepth, string]>([
    ["plain", "truecolor", "plain"],
    ["%[bold]hi%[/] there", "16", `${E}1mhi${E}0m there`],
    ["%[red]a%[bold]b%[/]c%[/]d", "16", `${E}31ma${E}0m${E}1;31mb${E}0m${E}31mc${E}0md`],
    ["%[bright-cyan bg:blue]x", "16", `${E}96;44mx${E}0m`],
    ["%[#ff8000]x", "truecolor", `${E}38;2;255;128;0mx${E}0m`],
    ["%[#ff8000]x", "256", `${E}38;5;208mx${E}0m`],
    ["%[#ff8000]x", "16", `${E}33mx${E}0m`],
    ["%[c196]x", "256", `${E}38;5;196mx${E}0m`],
    ["%[c196]x", "16", `${E}91mx${E}0m`],
    ["%[bold red]x%[/]", "none", "x"],
    ["100%% sure", "16", "100% sure"],
    ["50% off", "16", "50% off"],
    ["%[unknown]x", "16", "x"],
    ["%[bold]never closed", "16", `${E}1mnever closed${E}0m`],
    ["%[/]%[/]extra closes", "16", "extra closes"],
    ["%[bold unterminated", "16", "%[bold unterminated"],
  ])("%p at %s colours renders as expected", (markup, depth, expected) => {
    expect(renderMarkup(markup, depth)).toBe(expected);
  });
});

describe("untrusted text in markup", () => {
  test("player text spliced into markup can neither colour nor escape", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 100 }), (s) => {
        const out = renderMarkup(`%[green]Ann says, "${playerText(s)}"%[/]`, "truecolor");
        const body = out.slice(`${E}32m`.length, -`${E}0m`.length);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting none survive.
        expect(body).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
    );
  });

  test("escapeMarkup makes markup literal", () => {
    expect(renderMarkup(escapeMarkup("%[red]x%[/]"), "16")).toBe("%[red]x%[/]");
  });
});

describe("wrapText", () => {
  test.each<[string, number, string]>([
    ["short", 80, "short"],
    ["the quick brown fox", 10, "the quick\nbrown fox"],
    ["a  b", 80, "a  b"],
    ["abcdefghij", 4, "abcd\nefgh\nij"],
    ["one\ntwo three", 5, "one\ntwo\nthree"],
    [`${E}31mred words here${E}0m`, 9, `${E}31mred words\nhere${E}0m`],
    ["漢字漢字漢字", 5, "漢字\n漢字\n漢字"],
    ["  indented text", 10, "  indented\ntext"],
    ["", 10, ""],
  ])("%p at width %d", (input, width, expected) => {
    expect(wrapText(input, width)).toBe(expected);
  });

  test("no wrapped line is wider than the width", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("word", "longerword", " ", "  ", "漢", `${E}1m`, `${E}0m`, "é"), {
          maxLength: 60,
        }),
        fc.integer({ min: 2, max: 30 }),
        (parts, width) => {
          for (const line of wrapText(parts.join(""), width).split("\n")) {
            expect(displayWidth(line)).toBeLessThanOrEqual(width);
          }
        },
      ),
    );
  });
});
