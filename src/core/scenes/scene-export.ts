import type { Scene } from "./scene.ts";
import type { SceneLogEntry } from "./scene-log.ts";

/** The formats `scene export` writes. */
export type ExportFormat = "text" | "markdown";

/** A time as `2026-12-05 09:03 UTC`: readable, and the same wherever the core runs. */
export function utcTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A line as the room saw it: `Alice waves.`, `Alice's hat falls.`, `Alice says, "hi"`, or an emit's text. */
export function entryText(e: SceneLogEntry): string {
  switch (e.kind) {
    case "say":
      return `${e.name} says, "${e.text}"`;
    case "pose":
      return `${e.name}${e.semipose ? "" : " "}${e.text}`;
    case "emit":
      return e.text;
  }
}

const escapeMarkdown = (text: string): string => text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);

function facts(scene: Scene): [string, string][] {
  return [
    ["Where", scene.locationName],
    ["Started", utcTime(scene.startedAt)],
    ["Stopped", scene.stoppedAt === undefined ? "not yet" : utcTime(scene.stoppedAt)],
    ["Participants", [...scene.cast.values()].join(", ")],
    ["Content warnings", scene.warnings.length > 0 ? scene.warnings.join("; ") : "none"],
    ...(scene.summary ? ([["Summary", scene.summary]] as [string, string][]) : []),
  ];
}

const heading = (scene: Scene): string => `Scene ${scene.id}${scene.title ? `: ${scene.title}` : ""}`;

/** The whole log of a scene as text or Markdown: title, facts, then every line with its author and time. */
export function exportScene(scene: Scene, entries: readonly SceneLogEntry[], format: ExportFormat): string {
  if (format === "text") {
    const lines = [heading(scene), ...facts(scene).map(([k, v]) => `${k}: ${v}`), ""];
    for (const e of entries) lines.push(`[${utcTime(e.at)}] ${e.name || "(emit)"}:`, entryText(e), "");
    if (entries.length === 0) lines.push("(nothing was posed)", "");
    return lines.join("\n");
  }
  const lines = [
    `# ${escapeMarkdown(heading(scene))}`,
    "",
    ...facts(scene).map(([k, v]) => `- **${k}:** ${escapeMarkdown(v)}`),
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
