import { expect, test } from "bun:test";
import { contrastRatio } from "./contrast.ts";
import { themeCss, themes } from "./theme-palette.ts";

test("the contrast formula gives WCAG's known values", () => {
  expect(contrastRatio("#000000", "#ffffff")).toBe(21);
  expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
});

test.each(Object.entries(themes))(
  "every colour of the %s theme reaches 4.5:1 on its page and its panels",
  (_, t) => {
    const short = [...t.ansi, t.text, t.muted, t.accent].flatMap((colour) =>
      [t.background, t.panel]
        .map((bg) => ({ colour, bg, ratio: contrastRatio(colour, bg) }))
        .filter((c) => c.ratio < 4.5),
    );
    expect(short).toEqual([]);
    expect(t.ansi).toHaveLength(16);
  },
);

test("the stylesheet defines all 16 colour classes and both themes", () => {
  const css = themeCss();
  for (let i = 0; i < 16; i++) expect(css).toContain(`.fg-${i} { color: var(--ansi-${i}); }`);
  expect(css).toContain(':root[data-theme="dark"]');
  expect(css).toContain("prefers-color-scheme: dark");
});
