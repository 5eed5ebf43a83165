import { contrastRatio } from "./contrast.ts";

/** The colours of one theme: the page, its text, the accent, and the 16 ANSI colours of server markup. */
export interface ThemePalette {
  readonly background: string;
  readonly text: string;
  readonly muted: string;
  readonly accent: string;
  readonly panel: string;
  /** Indexes 0–7 are black…white, 8–15 their bright forms. */
  readonly ansi: readonly string[];
}

/**
 * Every colour is picked to reach 4.5:1 (WCAG 2.2 AA, normal text) against the theme's background and panel;
 * theme-palette.test.ts checks it. So "black" is a dark grey on dark, and "white" a mid grey on light: the
 * colour a player sees keeps its sense while staying readable.
 */
export const themes: Readonly<Record<"light" | "dark", ThemePalette>> = {
  dark: {
    background: "#121212",
    text: "#e8e8e8",
    muted: "#a6a6a6",
    accent: "#8ab4ff",
    panel: "#1c1c1c",
    ansi: [
      "#8c8c8c",
      "#ff6e6e",
      "#5fd35f",
      "#e0c040",
      "#7aa2ff",
      "#e07ae0",
      "#4fd0d0",
      "#d0d0d0",
      "#a8a8a8",
      "#ff9494",
      "#8af08a",
      "#ffeb70",
      "#a8c0ff",
      "#ffa0ff",
      "#8ff0f0",
      "#ffffff",
    ],
  },
  light: {
    background: "#ffffff",
    text: "#1a1a1a",
    muted: "#595959",
    accent: "#1a56c4",
    panel: "#f3f3f3",
    ansi: [
      "#1a1a1a",
      "#b00000",
      "#1a701a",
      "#735600",
      "#1f4fd1",
      "#951d95",
      "#00666f",
      "#595959",
      "#474747",
      "#c01818",
      "#23702a",
      "#7d5a00",
      "#2a55d0",
      "#a0209c",
      "#006a72",
      "#333333",
    ],
  },
};

/** Black or white, whichever reads better on `background` (for text on a `%[bg:…]` span with no colour of its own). */
export function textOn(background: string): string {
  return contrastRatio(background, "#000000") >= contrastRatio(background, "#ffffff") ? "#000000" : "#ffffff";
}

/** The CSS custom properties of a theme, as declarations for a rule body. */
export function themeDeclarations(palette: ThemePalette): string {
  const lines = [
    `--page-bg: ${palette.background}`,
    `--page-fg: ${palette.text}`,
    `--muted: ${palette.muted}`,
    `--accent: ${palette.accent}`,
    `--panel-bg: ${palette.panel}`,
    ...palette.ansi.map((c, i) => `--ansi-${i}: ${c}`),
    ...palette.ansi.map((c, i) => `--ansi-on-${i}: ${textOn(c)}`),
  ];
  return lines.map((l) => `  ${l};`).join("\n");
}

/** The stylesheet of the themes and the 16 ANSI colour classes; `data-theme` on html picks the theme. */
export function themeCss(): string {
  const light = themeDeclarations(themes.light);
  const dark = themeDeclarations(themes.dark);
  const classes = themes.dark.ansi.map(
    (_, i) =>
      `.fg-${i} { color: var(--ansi-${i}); }\n.bg-${i} { background: var(--ansi-${i}); }\n` +
      `.bg-${i}:not([class*="fg-"]) { color: var(--ansi-on-${i}); }`,
  );
  return [
    `:root {\n${light}\n  color-scheme: light;\n}`,
    `@media (prefers-color-scheme: dark) {\n:root:not([data-theme="light"]) {\n${dark}\n  color-scheme: dark;\n}\n}`,
    `:root[data-theme="dark"] {\n${dark}\n  color-scheme: dark;\n}`,
    ...classes,
  ].join("\n");
}
