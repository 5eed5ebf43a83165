import { describe, expect, test } from "bun:test";
import { linkSpans, markupSpans, paletteColor, textSpans, withoutArt } from "./markup-spec.ts";

const plain = { plain: true };
const styled = { plain: false };

describe("markupSpans", () => {
  test("the 16 colours become classes, other colours a class and a custom property", () => {
    expect(markupSpans("%[bold red]A%[/]%[#ff8800 bg:c196]B%[/]%[c3]C", styled)).toEqual([
      { text: "A", classes: ["b", "fg-1"], vars: {} },
      { text: "B", classes: ["fg-x", "bg-x"], vars: { "--fg": "#ff8800", "--bg": "#ff0000" } },
      { text: "C", classes: ["fg-3"], vars: {} },
    ]);
  });

  test("reverse swaps the colours, and with none it uses the page's colours swapped", () => {
    expect(markupSpans("%[reverse blue]x%[/]%[reverse]y", styled)).toEqual([
      { text: "x", classes: ["bg-4"], vars: {} },
      { text: "y", classes: ["rev"], vars: {} },
    ]);
  });

  test("markup that looks like HTML stays text", () => {
    expect(markupSpans("<img src=x onerror=alert(1)>", styled)).toEqual([
      { text: "<img src=x onerror=alert(1)>", classes: [], vars: {} },
    ]);
  });

  test("screen reader mode drops colour spans and separator art", () => {
    expect(markupSpans("%[red]Dark%[/] =====  Room  =====", plain)).toEqual([
      { text: "Dark Room ", classes: [], vars: {} },
    ]);
    expect(markupSpans("%[blue]------------------%[/]", plain)).toEqual([]);
    expect(textSpans("~~~~~~", plain)).toEqual([]);
    expect(textSpans("~~~~~~", styled)).toEqual([{ text: "~~~~~~", classes: [], vars: {} }]);
  });
});

test("withoutArt keeps short runs such as an ellipsis or a dash", () => {
  expect(withoutArt("Wait... - ok")).toBe("Wait... - ok");
  expect(withoutArt("┌────────┐")).toBe("");
});

test.each([
  [16, "#000000"],
  [21, "#0000ff"],
  [196, "#ff0000"],
  [231, "#ffffff"],
  [232, "#080808"],
  [255, "#eeeeee"],
])("palette colour %i is xterm's %s", (index, hex) => {
  expect(paletteColor(index)).toBe(hex);
});

describe("linkSpans", () => {
  const span = (text: string) => ({ text, classes: ["fg-2"], vars: {} });

  test("whole-word exits and names become linked spans keeping their style, longest first", () => {
    const out = linkSpans(
      [span("Exits: north, north east. Alice is here; Alicea is not.")],
      [
        { kind: "exit", name: "north" },
        { kind: "exit", name: "north east" },
        { kind: "name", name: "Alice" },
      ],
    );
    expect(out).toEqual([
      span("Exits: "),
      { ...span("north"), action: { kind: "exit", name: "north" } },
      span(", "),
      { ...span("north east"), action: { kind: "exit", name: "north east" } },
      span(". "),
      { ...span("Alice"), action: { kind: "name", name: "Alice" } },
      span(" is here; Alicea is not."),
    ]);
  });

  test("a term with regular-expression characters matches literally", () => {
    expect(linkSpans([span("go (up)")], [{ kind: "exit", name: "(up)" }])).toEqual([
      span("go "),
      { ...span("(up)"), action: { kind: "exit", name: "(up)" } },
    ]);
  });
});
