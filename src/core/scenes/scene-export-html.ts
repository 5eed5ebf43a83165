import { entryText, utcTime } from "./scene-line-text.ts";
import type { SceneLogEntry } from "./scene-log.ts";

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe inside HTML elements and quoted attributes alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

// Invariant: the page runs nothing. Its policy forbids every script, frame and fetch, so even text that slipped
// past the escaping could not run; only the inline style below applies.
const head = (title: string) => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1b1b1b; background: #fdfdfb; }
dt { font-weight: bold; } dd { margin: 0 0 0.4rem 1.5rem; }
article { margin: 1.2rem 0; } article header { font-size: 0.9rem; color: #555; }
article p { margin: 0.2rem 0; white-space: pre-wrap; }
.ooc p { color: #555; font-style: italic; } .redacted p { color: #777; }
</style>
</head>
<body>`;

function line(e: SceneLogEntry): string {
  const kind = ["line", ...(e.ooc ? ["ooc"] : []), ...(e.redactedBy === undefined ? [] : ["redacted"])];
  const at = new Date(e.at).toISOString();
  return [
    `<article class="${kind.join(" ")}">`,
    `<header><span class="author">${escapeHtml(e.name || "(emit)")}</span> · <time datetime="${at}">${utcTime(e.at)}</time></header>`,
    `<p>${escapeHtml(entryText(e))}</p>`,
    "</article>",
  ].join("\n");
}

/**
 * A scene's log as one standalone HTML page with no script: its heading, its facts (label and value), then each
 * line with its author and time. Every piece of player text is escaped.
 */
export function exportSceneHtml(
  heading: string,
  facts: readonly (readonly [string, string])[],
  entries: readonly SceneLogEntry[],
): string {
  return [
    head(heading),
    `<h1>${escapeHtml(heading)}</h1>`,
    "<dl>",
    ...facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`),
    "</dl>",
    "<hr>",
    "<main>",
    ...(entries.length === 0 ? ["<p><em>Nothing was posed.</em></p>"] : entries.map(line)),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
