import { poseOrder } from "#core/scenes/pose-order.ts";
import { SCENE_LOG_PAGE, type Scene } from "#core/scenes/scene.ts";
import { type ExportFormat, exportScene } from "#core/scenes/scene-export.ts";
import { entryText, utcTime } from "#core/scenes/scene-line-text.ts";
import type { SceneActor, Scenes } from "#core/scenes/scenes.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { markup } from "#shared/markup/markup.ts";
import { type CommandContext, type EngineResult, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";

/** The largest export shown in the game, in UTF-8 bytes; a longer log is read page by page instead. */
export const MAX_EXPORT_BYTES = 1024 * 1024;

const formats: readonly string[] = ["text", "markdown", "html"] satisfies ExportFormat[];
const NO_OOC = "/noooc";

/** The handlers of `scene order`, `scene log`, `scene export` and `scene redact`. */
export type SceneLogHandlers = Record<
  "order" | "log" | "export" | "redact",
  (ctx: CommandContext, actor: SceneActor, rest: string) => Promise<EngineResult>
>;

const label = (scene: Scene) => `scene ${scene.id}${scene.title ? ` (${scene.title})` : ""}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The scene a trailing number names, else the actor's current or latest one. */
function chosen(scenes: Scenes, actor: SceneActor, typed: string | undefined): Scene {
  const scene = typed ? scenes.resolve(actor, typed) : scenes.latestOf(actor);
  if (!scene) throw new HoloError("failed_precondition", "You have taken part in no scene yet.");
  return scene;
}

/** Reading a scene's log, exporting it, taking back one's own lines, and the pose order drawn from it. */
export function sceneLogHandlers(deps: CommandDeps, scenes: Scenes): SceneLogHandlers {
  return {
    async order(_ctx, actor, rest) {
      const scene = scenes.resolve(actor, rest);
      const { turns, idle } = poseOrder(scene, await scenes.log(actor, scene), deps.clock.now());
      if (turns.length + idle.length === 0) return reply([markup`Scene ${scene.id} has no participants.`]);
      return reply([
        markup`Pose order in scene ${scene.id}, next first:`,
        ...turns.map((t) =>
          t.since === undefined
            ? markup`  ${t.name} - has not posed yet`
            : markup`  ${t.name} - ${plural(t.since, "line")} since their last`,
        ),
        ...(turns.length === 0 ? [markup`  nobody: everyone is idle`] : []),
        ...(idle.length === 0
          ? []
          : [
              markup`Idle for over ${plural(scene.idleMinutes, "minute")}, out of the order until they pose: ${idle.map((i) => i.name).join(", ")}.`,
            ]),
      ]);
    },
    async log(_ctx, actor, rest) {
      const [first = "", second] = rest.split(/\s+/);
      const page = Number(second ?? "1");
      if (!Number.isSafeInteger(page) || page < 1)
        throw new HoloError("invalid_argument", `"${second}" is not a page number.`);
      const scene = scenes.resolve(actor, first);
      const entries = await scenes.log(actor, scene);
      const pages = Math.max(1, Math.ceil(entries.length / SCENE_LOG_PAGE));
      if (page > pages)
        throw new HoloError("invalid_argument", `Scene ${scene.id}'s log has ${pages} page(s).`);
      const from = (page - 1) * SCENE_LOG_PAGE;
      const shown = entries.slice(from, page * SCENE_LOG_PAGE);
      const more = page < pages ? ` Next: "scene log ${scene.id} ${page + 1}".` : "";
      return reply([
        markup`Log of ${label(scene)}, page ${page} of ${pages}.${more}`,
        ...(shown.length === 0 ? [markup`  Nothing was posed yet.`] : []),
        ...shown.map((e, i) => markup`${from + i + 1}. [${utcTime(e.at).slice(11, 16)}] ${entryText(e)}`),
      ]);
    },
    async export(_ctx, actor, rest) {
      const words = rest.split(/\s+/).filter((w) => w !== "");
      const ooc = !words.some((w) => w.toLowerCase() === NO_OOC);
      const format = (words.find((w) => formats.includes(w.toLowerCase()))?.toLowerCase() ??
        "text") as ExportFormat;
      const others = words.filter((w) => w.toLowerCase() !== format && w.toLowerCase() !== NO_OOC);
      if (others.length > 1)
        throw new HoloError("invalid_argument", "Usage: scene export [number] [text|markdown|html] [/noooc]");
      const scene = chosen(scenes, actor, others[0]);
      const text = exportScene(scene, await scenes.log(actor, scene), format, { ooc });
      const bytes = Buffer.byteLength(text, "utf8");
      if (bytes > MAX_EXPORT_BYTES)
        throw new HoloError(
          "resource_exhausted",
          `Scene ${scene.id}'s log is ${Math.ceil(bytes / 1024)} KiB, more than the ${MAX_EXPORT_BYTES / 1024} KiB an export shows; read it with "scene log ${scene.id}".`,
        );
      return reply(text.split("\n").map((line) => markup`${line}`));
    },
    async redact(_ctx, actor, rest) {
      const words = rest.split(/\s+/).filter((w) => w !== "");
      if (words.length > 2)
        throw new HoloError("invalid_argument", "Usage: scene redact [number] <line>|last");
      const scene = chosen(scenes, actor, words.length === 2 ? words[0] : undefined);
      const line = await scenes.redact(actor, scene, words.at(-1) ?? "last");
      return reply([
        markup`Line ${line} of ${label(scene)} is redacted: logs and exports show "[redacted by ${actor.name}]" in its place.`,
      ]);
    },
  };
}
