import type { Scene } from "./scene.ts";
import type { SceneLogEntry } from "./scene-log.ts";

/** The most stopped scenes a list holds, newest first (`scene list` shows ten too). */
export const RECENT_STOPPED_SCENES = 10;

/** The most lines on one page of a log read by a client (the web client's Scenes panel). */
export const SCENE_READ_PAGE = 50;

/**
 * The most UTF-8 bytes of text on one page, so a page of long poses stays well inside a web socket's 1 MiB
 * output bound; a page always holds at least one line.
 */
export const SCENE_READ_PAGE_BYTES = 256 * 1024;

/**
 * The scenes a reader may read (`mayRead`, the policy engine's quiet decision), from `all` (newest first): every
 * running one, then the RECENT_STOPPED_SCENES most recently stopped. A private scene they neither took part in
 * nor were invited to is left out.
 */
export async function readableScenes(
  all: readonly Scene[],
  mayRead: (scene: Scene) => Promise<boolean>,
): Promise<Scene[]> {
  const allowed = await Promise.all(all.map(mayRead));
  const readable = all.filter((_, i) => allowed[i]);
  return [
    ...readable.filter((s) => s.state !== "stopped"),
    ...readable.filter((s) => s.state === "stopped").slice(0, RECENT_STOPPED_SCENES),
  ];
}

/** One page of a log: its number, the page count, and the index of its first line in the whole log. */
export interface SceneLogPage {
  readonly page: number;
  readonly pages: number;
  readonly from: number;
  readonly lines: readonly SceneLogEntry[];
}

const textBytes = (e: SceneLogEntry) => Buffer.byteLength(e.name, "utf8") + Buffer.byteLength(e.text, "utf8");

/** Where each page starts: a new page after SCENE_READ_PAGE lines, or before a line that would pass the bytes. */
function pageStarts(entries: readonly SceneLogEntry[]): number[] {
  const starts = [0];
  let lines = 0;
  let bytes = 0;
  entries.forEach((entry, i) => {
    const size = textBytes(entry);
    if (lines > 0 && (lines === SCENE_READ_PAGE || bytes + size > SCENE_READ_PAGE_BYTES)) {
      starts.push(i);
      lines = 0;
      bytes = 0;
    }
    lines++;
    bytes += size;
  });
  return starts;
}

/** Page `page` (from 1; 0 for the last) of a log, or undefined when the log has fewer pages. */
export function sceneLogPage(entries: readonly SceneLogEntry[], page: number): SceneLogPage | undefined {
  const starts = pageStarts(entries);
  const wanted = page === 0 ? starts.length : page;
  const from = starts[wanted - 1];
  if (from === undefined || wanted < 1) return undefined;
  const to = starts[wanted] ?? entries.length;
  return { page: wanted, pages: starts.length, from, lines: entries.slice(from, to) };
}
