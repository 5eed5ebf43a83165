import type { SceneRequest } from "#shared/scenes/scene-view.ts";

/** The frames a browser sends (docs/web-protocol.md), checked. */
export type ClientFrame =
  | {
      readonly type: "hello";
      readonly resume?: { readonly session: string; readonly token: string; readonly client: string };
      readonly width?: number;
    }
  | { readonly type: "line"; readonly text: string }
  | { readonly type: "command"; readonly seq: number; readonly text: string }
  | { readonly type: "ping" }
  /** The browser showed the events up to `position` (its cursor; see ConnectionHandler.onShown). */
  | { readonly type: "shown"; readonly position: number }
  /** `scenes` (the list) and `sceneLog` (one page of a log) frames, as one request. */
  | { readonly type: "scenes"; readonly request: SceneRequest };

/** A frame, or why it is not one: `code` goes back in an `error` frame, with `message` for the player. */
export type ParsedFrame =
  | { readonly ok: true; readonly frame: ClientFrame }
  | {
      readonly ok: false;
      readonly code: "bad_json" | "bad_frame" | "unknown_type";
      readonly message: string;
    };

/** The longest typed line taken, in UTF-16 units: the telnet line limit's order of size. */
export const maxLineLength = 8192;
/** Client ids and tokens are short opaque strings (ULIDs, base64url); anything longer is not ours. */
const opaque = /^[A-Za-z0-9_-]{1,128}$/;

const bad = (message: string): ParsedFrame => ({ ok: false, code: "bad_frame", message });
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** Scene numbers and pages fit the core's 32-bit fields. */
const isWhole = (v: unknown, min: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= 0xffff_ffff;
const isText = (v: unknown): v is string => typeof v === "string" && v.length <= maxLineLength;

function hello(raw: Record<string, unknown>): ParsedFrame {
  const { resume, width } = raw;
  if (width !== undefined && (!Number.isInteger(width) || (width as number) < 20 || (width as number) > 1000))
    return bad("hello.width must be a whole number from 20 to 1000.");
  if (resume === undefined)
    return { ok: true, frame: { type: "hello", ...(width === undefined ? {} : { width: width as number }) } };
  if (!isRecord(resume)) return bad("hello.resume must be an object.");
  const { session, token, client } = resume;
  for (const [name, value] of [
    ["session", session],
    ["token", token],
    ["client", client],
  ] as const)
    if (typeof value !== "string" || !opaque.test(value)) return bad(`hello.resume.${name} is not valid.`);
  return {
    ok: true,
    frame: {
      type: "hello",
      resume: { session: session as string, token: token as string, client: client as string },
      ...(width === undefined ? {} : { width: width as number }),
    },
  };
}

/** Parses one text frame; never throws. */
export function parseClientFrame(text: string): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: "bad_json", message: "That frame is not JSON." };
  }
  if (!isRecord(raw) || typeof raw.type !== "string")
    return bad("A frame is a JSON object with a string `type`.");
  switch (raw.type) {
    case "hello":
      return hello(raw);
    case "line":
      if (!isText(raw.text)) return bad(`line.text must be a string of at most ${maxLineLength} characters.`);
      return { ok: true, frame: { type: "line", text: raw.text } };
    case "command": {
      const { seq, text: line } = raw;
      if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1)
        return bad("command.seq must be a whole number from 1.");
      if (!isText(line)) return bad(`command.text must be a string of at most ${maxLineLength} characters.`);
      return { ok: true, frame: { type: "command", seq, text: line } };
    }
    case "ping":
      return { ok: true, frame: { type: "ping" } };
    case "shown": {
      const { position } = raw;
      if (typeof position !== "number" || !Number.isSafeInteger(position) || position < 1)
        return bad("shown.position must be a whole number from 1.");
      return { ok: true, frame: { type: "shown", position } };
    }
    case "scenes":
      return { ok: true, frame: { type: "scenes", request: { kind: "list" } } };
    case "sceneLog": {
      const { scene, page = 1 } = raw;
      if (!isWhole(scene, 1)) return bad("sceneLog.scene must be a whole number from 1.");
      if (!isWhole(page, 0)) return bad("sceneLog.page must be a whole number from 0 (the last page).");
      return { ok: true, frame: { type: "scenes", request: { kind: "log", scene, page } } };
    }
    default:
      return { ok: false, code: "unknown_type", message: "Unknown frame type." };
  }
}
