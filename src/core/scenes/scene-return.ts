import { type Markup, markup } from "#shared/markup/markup.ts";
import { SCENE_LOG_PAGE, type Scene } from "./scene.ts";
import { utcTime } from "./scene-line-text.ts";
import type { SceneLogEntry } from "./scene-log.ts";

const lines = (n: number) => `${n} line${n === 1 ? "" : "s"}`;

/**
 * The header a participant of `scene` reads on returning: their last line's number and time, how many came
 * after it, and the `scene log` page to read on from.
 */
export function sceneReturnLine(
  scene: Scene,
  characterId: string,
  entries: readonly SceneLogEntry[],
): Markup {
  const tag = `Scene ${scene.id}${scene.title ? `: ${scene.title}` : ""}`;
  const mine = entries.findLastIndex((e) => e.authorId === characterId);
  const since = entries.length - 1 - mine;
  const page = Math.floor((mine + 1) / SCENE_LOG_PAGE) + 1;
  const read = since === 0 ? "" : ` Read on with "scene log ${scene.id} ${page}".`;
  const last = entries[mine];
  if (!last)
    return markup`%[magenta][${tag}]%[/] You are in this scene and have not posed yet; ${lines(since)} so far.${read}`;
  return markup`%[magenta][${tag}]%[/] You left off after your line ${mine + 1}, at ${utcTime(last.at)}; ${lines(since)} since.${read}`;
}
