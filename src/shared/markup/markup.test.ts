import { describe, expect, test } from "bun:test";
import { escapeMarkup, type Markup, markup, playerText } from "./markup.ts";

/** Markup as the string it is, for comparing with expected text. */
const text = (m: Markup): string => m;

describe("markup", () => {
  test("the template's own markup is kept and every interpolated value is escaped and sanitised", () => {
    const name = "%[red]Lamp\x1b]0;PWNED\x07\x1b[2J";
    expect(text(markup`%[bold]Created ${name}.%[/] You hold ${1} thing.`)).toBe(
      "%[bold]Created %%[red]Lamp]0;PWNED[2J.%[/] You hold 1 thing.",
    );
  });

  test("an interpolated value stays on one line", () => {
    expect(text(markup`Alice says, "${"hi\nBob says, bye"}"`)).toBe('Alice says, "hi Bob says, bye"');
  });

  test("a template with no value is its literal text", () => {
    expect(text(markup`Huh? (Type "help" for help.)`)).toBe('Huh? (Type "help" for help.)');
  });
});

describe("playerText", () => {
  test("doubles every % and keeps line breaks only when asked", () => {
    expect(text(playerText("100%\r\ndone"))).toBe("100%% done");
    expect(text(playerText("100%\r\ndone", { newlines: true }))).toBe("100%%\ndone");
  });

  test("escapeMarkup doubles % and nothing else", () => {
    expect(escapeMarkup("%[red]%%\x1b")).toBe("%%[red]%%%%\x1b");
  });
});
