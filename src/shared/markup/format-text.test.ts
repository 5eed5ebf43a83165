import { expect, test } from "bun:test";
import { formattedText, substitute } from "./format-text.ts";
import { parseMarkup } from "./parse-markup.ts";
import { pronounSet } from "./pronouns.ts";

const alice = { name: "Alice", pronouns: pronounSet("she/her") };
const shown = (text: string) =>
  parseMarkup(formattedText(substitute(text, alice)))
    .map((s) => s.text)
    .join("");

test.each([
  ["Line one%rLine two", "Line one\nLine two"],
  ["%tIndented", "    Indented"],
  ["a%bb", "a b"],
  ["100%% sure", "100% sure"],
  ["%n waves; %N waves", "Alice waves; Alice waves"],
  ["%s %o %p %a / %S %O %P %A", "she her her hers / She Her Her Hers"],
  ["50% off", "50% off"],
  ["ends with %", "ends with %"],
  ["%q is no code", "%q is no code"],
  ["%c", "%c"],
  ["%cz", "%cz"],
  ["%[bold", "%[bold"],
])("%p is shown as %p", (text, expected) => {
  expect(shown(text)).toBe(expected);
});

test("pronouns default to they/them, and SEX words are understood", () => {
  const they = { name: "Bo", pronouns: pronounSet(undefined) };
  expect(parseMarkup(formattedText(substitute("%S smiles at %p cat.", they)))[0]?.text).toBe(
    "They smiles at their cat.",
  );
  expect(pronounSet("Male")).toEqual({ s: "he", o: "him", p: "his", a: "his" });
  expect(pronounSet("it")).toEqual({ s: "it", o: "it", p: "its", a: "its" });
  expect(pronounSet("xe/xem")).toEqual(pronounSet(undefined));
});

test("colour codes and markup spans colour only the text they are in", () => {
  expect(formattedText(substitute("%chBold%cn plain %[red]red", alice))).toBe(
    "%[bold]Bold%[/] plain %[red]red%[/]" as never,
  );
  const segments = parseMarkup(formattedText(substitute("%cr%cBred on blue", alice)));
  expect(segments).toEqual([
    { text: "red on blue", style: { fg: { kind: "ansi", index: 1 }, bg: { kind: "ansi", index: 4 } } },
  ]);
});

test("an actor's name is text, never markup", () => {
  const odd = { name: "%[red]Eve%r", pronouns: pronounSet(undefined) };
  expect(formattedText(substitute("%n", odd))).toBe("%%[red]Eve%%r" as never);
});

test("formatted text from anywhere cannot leave a span open, close the server's, or carry escapes", () => {
  expect(formattedText("%[/]%[/]x%[bold]y")).toBe("x%[bold]y%[/]" as never);
  expect(formattedText("\u001b[31mred%[bold\u0007]")).toBe("[31mred%[bold]%[/]" as never);
  expect(formattedText("%[red;evil]x")).toBe("%%[red;evil]x" as never);
});
