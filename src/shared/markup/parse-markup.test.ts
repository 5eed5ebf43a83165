import { describe, expect, test } from "bun:test";
import { parseMarkup, type Style } from "./parse-markup.ts";

describe("parseMarkup", () => {
  test("nested spans inherit their parent's style and close innermost first", () => {
    expect(parseMarkup("a%[bold]b%[red]c%[/]d%[/]e")).toEqual([
      { text: "a", style: {} },
      { text: "b", style: { bold: true } },
      { text: "c", style: { bold: true, fg: { kind: "ansi", index: 1 } } },
      { text: "d", style: { bold: true } },
      { text: "e", style: {} },
    ]);
  });

  test.each([
    ["%[bright-cyan]x", { fg: { kind: "ansi", index: 14 } }],
    ["%[c208]x", { fg: { kind: "palette", index: 208 } }],
    ["%[bg:#112233]x", { bg: { kind: "rgb", r: 0x11, g: 0x22, b: 0x33 } }],
    ["%[sparkly]x", {}],
  ] satisfies [string, Style][])("%s has the style it names, unknown words ignored", (markup, style) => {
    expect(parseMarkup(markup)).toEqual([{ text: "x", style }]);
  });

  test("%% is a literal percent and an unterminated tag is literal text", () => {
    expect(parseMarkup("100%% %[bold")).toEqual([{ text: "100% %[bold", style: {} }]);
  });
});
