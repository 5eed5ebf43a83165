import type { Scene } from "#core/scenes/scene.ts";
import { utcTime } from "#core/scenes/scene-line-text.ts";
import type { SceneActor, SceneField, Scenes } from "#core/scenes/scenes.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import { type Command, type CommandContext, type EngineResult, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { sceneLogHandlers } from "./scene-log-commands.ts";

const usage = [
  markup`scene start [title] - start a scene in this room; you join it.`,
  markup`scene join [number] / scene leave - take part in a scene, or stop.`,
  markup`scene info [number] / scene list - one scene; the running and recent ones.`,
  markup`scene title|summary|warning <text> - name it, sum it up, add a content warning.`,
  markup`scene private / scene open / scene invite <name> - who may see and join it.`,
  markup`scene pause / scene resume / scene stop - the starter (or an admin) runs it.`,
  markup`scene order - who poses next; scene nudge on|off / scene idle <minutes>|off - the starter sets it.`,
  markup`scene log [number] [page] / scene export [number] [text|markdown|html] [/noooc] - read its log.`,
  markup`scene redact [number] <line>|last - take back a line of yours: the log shows it redacted.`,
];

const actorOf = (ctx: CommandContext): SceneActor => ({
  id: ctx.character.id,
  name: ctx.character.name,
  newId: ctx.newId,
  locationId: ctx.character.locationId,
  role: ctx.role,
});

const label = (scene: Scene) => `scene ${scene.id}${scene.title ? ` (${scene.title})` : ""}`;

function infoLines(scene: Scene): Markup[] {
  const state = `${scene.state}, ${scene.private ? "private" : "open"}`;
  return [
    markup`Scene ${scene.id}: ${scene.title || "(untitled)"} - ${state}`,
    markup`Where: ${scene.locationName}. Started by ${scene.ownerName} at ${utcTime(scene.startedAt)}.`,
    ...(scene.stoppedAt === undefined ? [] : [markup`Stopped at ${utcTime(scene.stoppedAt)}.`]),
    markup`Participants: ${[...scene.participants.values()].join(", ") || "none"}.`,
    markup`Content warnings: ${scene.warnings.join("; ") || "none"}.`,
    ...(scene.summary ? [markup`Summary: ${scene.summary}`] : []),
  ];
}

/**
 * `scene <verb>`: start, join, leave, info, list, title, summary, warning, private, open, invite, pause, resume,
 * stop, nudge, idle, order, log, export, redact.
 */
export function sceneCommand(deps: CommandDeps, scenes: Scenes): Command {
  const fields: Record<string, SceneField> = { title: "title", summary: "summary", warning: "warning" };
  const states = { pause: "paused", resume: "active", stop: "stopped" } as const;
  const listRow = async (ctx: CommandContext, s: Scene) => {
    const readable = await scenes.readable(actorOf(ctx), s);
    const title = readable ? s.title || "(untitled)" : "(private)";
    const kind = s.private ? "private" : "open";
    return markup`  ${String(s.id).padStart(4)}  ${title.slice(0, 30).padEnd(30)} ${s.locationName.slice(0, 20).padEnd(20)} ${s.state} ${kind}, ${s.participants.size} in it`;
  };
  const sub: Record<string, (ctx: CommandContext, rest: string) => Promise<EngineResult>> = {
    async start(ctx, rest) {
      const scene = await scenes.begin(actorOf(ctx), rest);
      return reply([markup`You start ${label(scene)} here. Others join with "scene join ${scene.id}".`]);
    },
    async join(ctx, rest) {
      const scene = await scenes.join(actorOf(ctx), rest);
      return reply([markup`You join ${label(scene)} in ${scene.locationName}.`]);
    },
    async leave(ctx) {
      const scene = await scenes.leave(actorOf(ctx));
      return reply([markup`You leave ${label(scene)}.`]);
    },
    info: async (ctx, rest) => reply(infoLines(scenes.resolve(actorOf(ctx), rest))),
    async list(ctx) {
      const all = scenes.list();
      const live = all.filter((s) => s.state !== "stopped");
      const recent = all.filter((s) => s.state === "stopped").slice(0, 10);
      const lines = [markup`Running scenes:`, ...(await Promise.all(live.map((s) => listRow(ctx, s))))];
      if (live.length === 0) lines.push(markup`  none`);
      if (recent.length > 0)
        lines.push(markup`Recently stopped:`, ...(await Promise.all(recent.map((s) => listRow(ctx, s)))));
      return reply(lines);
    },
    async invite(ctx, rest) {
      const who = await deps.findCharacter(rest);
      if (!who) throw new HoloError("not_found", `There is no character called "${rest}".`);
      const scene = await scenes.invite(actorOf(ctx), { id: who.id, name: who.name });
      return reply([markup`You invite ${who.name} to ${label(scene)}.`]);
    },
    async private(ctx) {
      const scene = await scenes.setPrivate(actorOf(ctx), true);
      return reply([markup`Scene ${scene.id} is private: only its participants see its poses now.`]);
    },
    async open(ctx) {
      const scene = await scenes.setPrivate(actorOf(ctx), false);
      return reply([markup`Scene ${scene.id} is open: its poses go to the room again.`]);
    },
    async nudge(ctx, rest) {
      const word = rest.toLowerCase();
      if (word !== "on" && word !== "off")
        throw new HoloError("invalid_argument", "Usage: scene nudge on|off");
      const scene = await scenes.setNudge(actorOf(ctx), word === "on");
      return reply([
        scene.nudge
          ? markup`Scene ${scene.id}: the next poser is told once when it is their turn.`
          : markup`Scene ${scene.id}: pose nudges are off.`,
      ]);
    },
    async idle(ctx, rest) {
      const word = rest.toLowerCase();
      if (word === "") throw new HoloError("invalid_argument", "Usage: scene idle <minutes>|off");
      const minutes = word === "off" ? 0 : /^\d+$/.test(word) && word !== "0" ? Number(word) : -1;
      const scene = await scenes.setIdle(actorOf(ctx), minutes);
      return reply([
        scene.idleMinutes === 0
          ? markup`Scene ${scene.id}: nobody leaves the pose order for being idle.`
          : markup`Scene ${scene.id}: a participant quiet for over ${scene.idleMinutes} minutes leaves the pose order until they pose.`,
      ]);
    },
    ...Object.fromEntries(
      Object.entries(sceneLogHandlers(deps, scenes)).map(([verb, handle]) => [
        verb,
        (ctx: CommandContext, rest: string) => handle(ctx, actorOf(ctx), rest),
      ]),
    ),
  };
  return {
    name: "scene",
    aliases: ["+scene"],
    help: "scene start|join|leave|info|list|order|log|export|redact|... - role-play scenes; type 'scene' alone for more.",
    permission: "play",
    async run(ctx, args) {
      const match = /^(\S+)\s*(.*)$/s.exec(args);
      const verb = (match?.[1] ?? "").toLowerCase();
      const rest = (match?.[2] ?? "").trim();
      const field = Object.hasOwn(fields, verb) ? fields[verb] : undefined;
      if (field) {
        if (rest === "") throw new HoloError("invalid_argument", `Usage: scene ${verb} <text>`);
        const scene = await scenes.set(actorOf(ctx), field, rest);
        return reply([
          markup`Scene ${scene.id}: ${field === "warning" ? "content warning added" : `${field} set`}.`,
        ]);
      }
      if (Object.hasOwn(states, verb)) {
        const scene = await scenes.setState(actorOf(ctx), states[verb as keyof typeof states]);
        return reply([
          markup`Scene ${scene.id} is ${scene.state === "active" ? "running again" : scene.state}.`,
        ]);
      }
      const handler = Object.hasOwn(sub, verb) ? sub[verb] : undefined;
      if (!handler || (verb === "invite" && rest === "")) return reply(usage);
      return handler(ctx, rest);
    },
  };
}
