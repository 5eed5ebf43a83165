import { describe, expect, test } from "bun:test";
import { HELP_WIDTH, renderHelpMarkdown } from "./render-help.ts";

/** The lines as plain strings, to compare with literals. */
const render = (markdown: string): string[] => renderHelpMarkdown(markdown);

describe("help Markdown for a terminal", () => {
  test("headings and **bold** are bold, `code` is shown as is, links keep their address", () => {
    expect(render("# First steps\nType `look` **now**, see [the site](https://example.org).")).toEqual([
      "%[bold]First steps%[/]",
      "Type look %[bold]now%[/], see the site (https://example.org).",
    ]);
  });

  test("a paragraph's lines are joined, then wrapped at the help width", () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const lines = render(`${words.slice(0, 20).join(" ")}\n${words.slice(20).join(" ")}`);
    expect(lines.length).toBe(4);
    expect(lines.every((l) => l.length <= HELP_WIDTH)).toBe(true);
    expect(lines.join(" ")).toBe(words.join(" "));
  });

  test("a list item is indented, and its wrapped lines hang under its text", () => {
    const long = `- ${"lorem ipsum ".repeat(10).trim()}\n  continued here\n- second`;
    expect(render(long)).toEqual([
      "  - lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum",
      "    lorem ipsum lorem ipsum lorem ipsum lorem ipsum continued here",
      "  - second",
    ]);
  });

  test("numbered and nested lists keep their numbers and depth", () => {
    expect(render("1. dig\n2. walk\n  - up")).toEqual(["  1. dig", "  2. walk", "    - up"]);
  });

  test("fenced and indented code is kept as written, never wrapped, with markup and escapes neutralised", () => {
    const code = `\`\`\`\n${"x".repeat(100)}\n%[red]not red\u001b[31m\n\`\`\``;
    expect(render(code)).toEqual([`    ${"x".repeat(100)}`, "    %%[red]not red[31m"]);
    expect(render("Try:\n\n    say Hello!")).toEqual(["Try:", "", "    say Hello!"]);
  });

  test("blank lines separate blocks once, and a table's rows are kept but its rule is dropped", () => {
    expect(render("\n\nOne.\n\n\n\nTwo.\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n")).toEqual([
      "One.",
      "",
      "Two.",
      "",
      "  | a | b |",
      "  | 1 | 2 |",
    ]);
  });

  test("text in a topic cannot open markup of its own", () => {
    expect(render("100% sure, %[blink]no")).toEqual(["100%% sure, %%[blink]no"]);
  });
});
