/** The frames of the browser ↔ gateway WebSocket protocol (docs/web-protocol.md), and a checked parser. */
import type { SceneLogView, SceneView } from "#shared/scenes/scene-view.ts";

/** Credentials to resume a session on a new socket. */
export interface ResumeCredentials {
  readonly session: string;
  readonly token: string;
  readonly client: string;
}

/** A frame the browser sends. */
export type ClientFrame =
  | { readonly type: "hello"; readonly resume?: ResumeCredentials; readonly width?: number }
  | { readonly type: "line"; readonly text: string }
  | { readonly type: "command"; readonly seq: number; readonly text: string }
  | { readonly type: "ping" }
  | { readonly type: "shown"; readonly position: number }
  | { readonly type: "scenes" }
  /** `page` from 1; 0 asks for the last page. */
  | { readonly type: "sceneLog"; readonly scene: number; readonly page?: number };

/** A frame the gateway sends. */
export type ServerFrame =
  | { readonly type: "welcome"; readonly game: string; readonly version: string; readonly client: string }
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "markup"; readonly markup: string }
  | { readonly type: "prompt"; readonly text: string; readonly password: boolean }
  | {
      readonly type: "state";
      readonly state: "login" | "playing";
      readonly character?: { readonly id: string; readonly name: string };
    }
  | { readonly type: "characters"; readonly characters: readonly string[] }
  | ({ readonly type: "session" } & ResumeCredentials)
  | {
      readonly type: "event";
      readonly position: number;
      readonly eventType: string;
      readonly stream: string;
      readonly markup?: string;
      readonly payload?: Readonly<Record<string, unknown>>;
      /** When the event was made (ms since the epoch); absent from older gateways. */
      readonly time?: number;
      /** A replayed event whose time the player's `timestamps` setting shows. */
      readonly stamped?: true;
    }
  | {
      readonly type: "missed";
      readonly count: number;
      readonly skipped: number;
      /** Others' connects and disconnects left out of the replay; absent from older gateways. */
      readonly presence?: number;
    }
  /** The replay is over; it covered the events up to `position` (absent from older gateways). */
  | { readonly type: "missedEnd"; readonly position?: number }
  | { readonly type: "gmcp"; readonly package: string; readonly data: unknown }
  | { readonly type: "done"; readonly seq: number }
  | { readonly type: "busy"; readonly seq: number; readonly text: string }
  | { readonly type: "error"; readonly code: string; readonly message: string }
  | { readonly type: "pong" }
  | { readonly type: "scenes"; readonly scenes: readonly SceneView[] }
  | ({ readonly type: "sceneLog" } & SceneLogView)
  | { readonly type: "sceneRefused"; readonly text: string };

type Fields = Readonly<Record<string, unknown>>;
const isStr = (v: unknown): v is string => typeof v === "string";
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isObj = (v: unknown): v is Fields => typeof v === "object" && v !== null && !Array.isArray(v);
const isStrs = (v: unknown) => Array.isArray(v) && v.every(isStr);
/** A scene's facts with the fields the Scenes panel reads, so a malformed one is dropped rather than shown. */
const isScene = (v: unknown) =>
  isObj(v) &&
  isNum(v.id) &&
  isStr(v.title) &&
  isStr(v.state) &&
  isStr(v.location) &&
  isStr(v.owner) &&
  isStrs(v.participants) &&
  isStrs(v.cast) &&
  isStrs(v.warnings) &&
  isNum(v.startedAt);
const isSceneLine = (v: unknown) =>
  isObj(v) && isNum(v.at) && isStr(v.kind) && isStr(v.author) && isStr(v.text) && typeof v.ooc === "boolean";

/** Each frame type with the check of its required fields. */
const checks: Readonly<Record<ServerFrame["type"], (f: Fields) => boolean>> = {
  welcome: (f) => isStr(f.game) && isStr(f.version) && isStr(f.client),
  text: (f) => isStr(f.text),
  markup: (f) => isStr(f.markup),
  prompt: (f) => isStr(f.text) && typeof f.password === "boolean",
  state: (f) =>
    (f.state === "login" || f.state === "playing") &&
    (f.character === undefined || (isObj(f.character) && isStr(f.character.id) && isStr(f.character.name))),
  characters: (f) => Array.isArray(f.characters) && f.characters.every(isStr),
  session: (f) => isStr(f.session) && isStr(f.token) && isStr(f.client),
  event: (f) =>
    isNum(f.position) &&
    isStr(f.eventType) &&
    isStr(f.stream) &&
    (f.markup === undefined || isStr(f.markup)) &&
    (f.payload === undefined || isObj(f.payload)) &&
    (f.time === undefined || isNum(f.time)) &&
    (f.stamped === undefined || f.stamped === true),
  missed: (f) => isNum(f.count) && isNum(f.skipped) && (f.presence === undefined || isNum(f.presence)),
  missedEnd: (f) => f.position === undefined || isNum(f.position),
  gmcp: (f) => isStr(f.package),
  done: (f) => isNum(f.seq),
  busy: (f) => isNum(f.seq) && isStr(f.text),
  error: (f) => isStr(f.code) && isStr(f.message),
  pong: () => true,
  scenes: (f) => Array.isArray(f.scenes) && f.scenes.every(isScene),
  sceneLog: (f) =>
    isScene(f.scene) &&
    isNum(f.page) &&
    isNum(f.pages) &&
    isNum(f.firstLine) &&
    Array.isArray(f.lines) &&
    f.lines.every(isSceneLine),
  sceneRefused: (f) => isStr(f.text),
};

/** The frame in `data`, or undefined when it is not JSON or not a frame this client knows with its fields. */
export function parseServerFrame(data: string): ServerFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isObj(value) || !isStr(value.type) || !Object.hasOwn(checks, value.type)) return undefined;
  const check = checks[value.type as ServerFrame["type"]];
  return check(value) ? (value as unknown as ServerFrame) : undefined;
}
