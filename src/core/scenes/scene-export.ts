import type { Scene } from "./scene.ts";
import { exportSceneHtml } from "./scene-export-html.ts";
import { entryText, utcTime } from "./scene-line-text.ts";
import type { SceneLogEntry } from "./scene-log.ts";

/** The formats `scene export` writes. */
export type ExportFormat = "text" | "markdown" | "html";

/** What one export holds besides the in-character lines. */
export interface ExportOptions {
  /** Keep out-of-character lines (marked `<OOC>`); false leaves them out and the export says so. */
  readonly ooc: boolean;
}

const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);

/** The facts an export opens with, as label and value, in every format. */
export function sceneFacts(
  scene: Scene,
  entries: readonly SceneLogEntry[],
  options: ExportOptions,
): [string, string][] {
  const redacted = entries.filter((e) => e.redactedBy !== undefined).length;
  return [
    ["Where", scene.locationName],
    ["Started", utcTime(scene.startedAt)],
    ["Stopped", scene.stoppedAt === undefined ? "not yet" : utcTime(scene.stoppedAt)],
    ["Participants", [...scene.cast.values()].join(", ")],
    ["Content warnings", scene.warnings.length > 0 ? scene.warnings.join("; ") : "none"],
    ...(scene.summary ? ([["Summary", scene.summary]] as [string, string][]) : []),
    ...(redacted > 0
      ? ([
          [
            "Redacted",
            `${redacted} line${redacted === 1 ? "" : "s"}, each shown as [redacted by <name>] in its place`,
          ],
        ] as [string, string][])
      : []),
    ...(options.ooc ? [] : ([["Out of character", "left out of this export"]] as [string, string][])),
  ];
}

/** `Scene 3: The Duel`, or `Scene 3` untitled. */
export const sceneHeading = (scene: Scene): string =>
  `Scene ${scene.id}${scene.title ? `: ${scene.title}` : ""}`;

/**
 * The whole log of a scene as text, Markdown or a standalone HTML page: title, facts, then every line with its
 * author and time; out-of-character lines are marked, or left out when `options.ooc` is false.
 */
export function exportScene(
  scene: Scene,
  all: readonly SceneLogEntry[],
  format: ExportFormat,
  options: ExportOptions = { ooc: true },
): string {
  const entries = options.ooc ? all : all.filter((e) => !e.ooc);
  const facts = sceneFacts(scene, entries, options);
  if (format === "html") return exportSceneHtml(sceneHeading(scene), facts, entries);
  if (format === "text") {
    const lines = [sceneHeading(scene), ...facts.map(([k, v]) => `${k}: ${v}`), ""];
    for (const e of entries) lines.push(`[${utcTime(e.at)}] ${e.name || "(emit)"}:`, entryText(e), "");
    if (entries.length === 0) lines.push("(nothing was posed)", "");
    return lines.join("\n");
  }
  const lines = [
    `# ${escapeMarkdown(sceneHeading(scene))}`,
    "",
    ...facts.map(([k, v]) => `- **${k}:** ${escapeMarkdown(v)}`),
    "",
    "---",
    "",
  ];
  for (const e of entries)
    lines.push(
      `**${escapeMarkdown(e.name || "(emit)")}** · ${utcTime(e.at)}`,
      "",
      escapeMarkdown(entryText(e)),
      "",
    );
  if (entries.length === 0) lines.push("_Nothing was posed._", "");
  return lines.join("\n");
}
