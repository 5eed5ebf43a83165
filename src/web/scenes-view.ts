import type { SceneLineView, SceneLogView, SceneView } from "#shared/scenes/scene-view.ts";
import { byId, el } from "./dom.ts";
import type { ClientFrame, ServerFrame } from "./protocol.ts";

/** The Scenes panel and its log dialog. */
export interface ScenesView {
  /** Asks for the list again when the panel is open. */
  refresh(): void;
  /** A `scenes`, `sceneLog` or `sceneRefused` frame. */
  frame(frame: Extract<ServerFrame, { type: "scenes" | "sceneLog" | "sceneRefused" }>): void;
}

const when = (ms: number) => new Date(ms).toLocaleString();
const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const titleOf = (s: SceneView) => `Scene ${s.id}: ${s.title || "(untitled)"}`;
const stateText = (s: SceneView) =>
  `${s.state === "active" ? "running" : s.state}, ${s.private ? "private" : "open"}`;

/** One log line as the room saw it: the author set apart, OOC and redacted lines marked. */
function lineItem(line: SceneLineView): HTMLLIElement {
  const time = el("time", { class: "stamp", datetime: new Date(line.at).toISOString() }, clock(line.at));
  const ooc = line.ooc ? [el("span", { class: "ooc-tag" }, "OOC"), " "] : [];
  if (line.redactedBy !== undefined)
    return el(
      "li",
      { class: "redacted" },
      time,
      " ",
      ...ooc,
      el("em", {}, `[redacted by ${line.redactedBy}]`),
    );
  const author = line.author ? el("strong", {}, line.author) : "";
  const body =
    line.kind === "say"
      ? [author, ` says, "${line.text}"`]
      : line.kind === "pose"
        ? [author, `${line.semipose || !line.author ? "" : " "}${line.text}`]
        : [line.text];
  return el("li", { class: line.ooc ? "ooc" : "" }, time, " ", ...ooc, ...body);
}

function facts(s: SceneView): HTMLElement {
  const rows: [string, string][] = [
    ["Where", s.location],
    ["State", stateText(s)],
    ["Started", `${when(s.startedAt)} by ${s.owner}`],
    ...(s.stoppedAt === undefined ? [] : [["Stopped", when(s.stoppedAt)] as [string, string]]),
    ["Participants", s.cast.join(", ") || "none"],
    ["Content warnings", s.warnings.join("; ") || "none"],
    ...(s.summary ? [["Summary", s.summary] as [string, string]] : []),
  ];
  return el("dl", { class: "scene-facts" }, ...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

/** Wires the Scenes panel of index.html: the list on opening or Refresh, a scene's log in its dialog. */
export function wireScenesView(send: (frame: ClientFrame) => boolean): ScenesView {
  const panel = byId("panel-scenes");
  const list = byId("scene-list");
  const status = byId("scene-status");
  const dialog = byId<HTMLDialogElement>("scene-log");
  const logStatus = byId("scene-log-status");
  const earlier = byId<HTMLButtonElement>("scene-earlier");
  const later = byId<HTMLButtonElement>("scene-later");
  let shown: SceneLogView | undefined;

  const ask = (frame: ClientFrame, where: HTMLElement) => {
    where.textContent = send(frame) ? "Loading…" : "Not connected.";
  };
  const refresh = () => {
    if (!panel.hidden) ask({ type: "scenes" }, status);
  };
  const open = (scene: number, page: number) => ask({ type: "sceneLog", scene, page }, logStatus);

  const renderList = (scenes: readonly SceneView[]) => {
    status.textContent =
      scenes.length === 0
        ? "No scenes you may read."
        : `${scenes.length === 1 ? "1 scene" : `${scenes.length} scenes`} you may read.`;
    list.replaceChildren(
      ...scenes.map((s) =>
        el(
          "li",
          {},
          el("button", { type: "button", class: "scene", onclick: () => open(s.id, 1) }, titleOf(s)),
          el(
            "span",
            { class: "scene-meta" },
            `${stateText(s)} · ${s.location}${s.tookPart ? " · yours" : ""}`,
          ),
        ),
      ),
    );
  };
  const renderLog = (log: SceneLogView) => {
    shown = log;
    const last = log.firstLine + log.lines.length - 1;
    byId("scene-log-title").textContent = titleOf(log.scene);
    byId("scene-log-facts").replaceChildren(facts(log.scene));
    byId("scene-log-page").textContent =
      log.lines.length === 0
        ? "Nothing was posed yet."
        : `Page ${log.page} of ${log.pages}: lines ${log.firstLine} to ${last}.`;
    const lines = byId("scene-lines");
    lines.setAttribute("start", String(log.firstLine));
    lines.replaceChildren(...log.lines.map(lineItem));
    earlier.disabled = log.page <= 1;
    later.disabled = log.page >= log.pages;
    logStatus.textContent = "";
    if (!dialog.open) dialog.showModal();
  };

  byId("toggle-scenes").addEventListener("click", () => refresh());
  byId("scene-refresh").addEventListener("click", () => refresh());
  earlier.addEventListener("click", () => shown && open(shown.scene.id, shown.page - 1));
  later.addEventListener("click", () => shown && open(shown.scene.id, shown.page + 1));
  byId("scene-log-close").addEventListener("click", () => dialog.close());

  return {
    refresh,
    frame(frame) {
      switch (frame.type) {
        case "scenes":
          return renderList(frame.scenes);
        case "sceneLog":
          return renderLog(frame);
        case "sceneRefused":
          (dialog.open ? logStatus : status).textContent = frame.text;
          return;
      }
    },
  };
}
