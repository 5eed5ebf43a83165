import { playerText } from "#shared/markup/markup.ts";
import type { Renderers } from "./render-comms.ts";

// Renderers of scene events, which reach a scene's participants on its own stream. The actor is told in their
// command's own output, so they see nothing here.

const tag = (scene: number): string => `%[magenta][Scene ${scene}]%[/]`;
const who = (p: { readonly name: string }): string => playerText(p.name);

const stateWords = { active: "resumes", paused: "pauses", stopped: "stops" } as const;

/** The renderers of scene events. */
export const sceneRenderers: Renderers = {
  "scene.start": (e, self) =>
    self
      ? undefined
      : `${tag(e.payload.scene)} ${who(e.payload)} starts the scene${e.payload.title ? `: ${playerText(e.payload.title)}` : ""}.`,
  "scene.announce": (e, self) =>
    self
      ? undefined
      : `${who(e.payload)} starts scene ${e.payload.scene} here${e.payload.title ? `: ${playerText(e.payload.title)}` : ""}. Type "scene join ${e.payload.scene}" to take part.`,
  "scene.join": (e, self) =>
    self ? undefined : `${tag(e.payload.scene)} ${who(e.payload)} joins the scene.`,
  "scene.leave": (e, self) =>
    self ? undefined : `${tag(e.payload.scene)} ${who(e.payload)} leaves the scene.`,
  "scene.invite": (e, self) =>
    self ? undefined : `${tag(e.payload.scene)} ${who(e.payload)} invites ${playerText(e.payload.invitee)}.`,
  "scene.set": (e, self) => {
    if (self) return undefined;
    const what = e.payload.field === "warning" ? "adds a content warning" : `sets the ${e.payload.field}`;
    return `${tag(e.payload.scene)} ${who(e.payload)} ${what}: ${playerText(e.payload.text)}`;
  },
  "scene.state": (e, self) =>
    self ? undefined : `${tag(e.payload.scene)} ${who(e.payload)} ${stateWords[e.payload.state]} the scene.`,
  "scene.privacy": (e, self) =>
    self
      ? undefined
      : `${tag(e.payload.scene)} ${who(e.payload)} makes the scene ${e.payload.private ? "private" : "open"}.`,
  "scene.redact": (e, self) =>
    self
      ? undefined
      : `${tag(e.payload.scene)} ${who(e.payload)} redacts a line by ${e.payload.author ? playerText(e.payload.author) : "nobody named"}.`,
  "scene.nudge": (e, self) =>
    self
      ? undefined
      : `${tag(e.payload.scene)} ${who(e.payload)} turns pose nudges ${e.payload.nudge ? "on" : "off"}.`,
  "scene.idle": (e, self) =>
    self
      ? undefined
      : `${tag(e.payload.scene)} ${who(e.payload)} ${e.payload.minutes === 0 ? "turns the idle limit off" : `sets the idle limit to ${e.payload.minutes} minutes`}.`,
};
