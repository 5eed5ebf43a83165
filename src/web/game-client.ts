import type { CommandQueue } from "./command-queue.ts";
import type { CredentialStore } from "./credentials.ts";
import type { GameLink } from "./game-link.ts";
import type { InputHistory } from "./input-history.ts";
import type { LoginDriver } from "./login-driver.ts";
import type { SpanAction } from "./markup-spec.ts";
import type { PanelState } from "./panel-state.ts";
import type { ServerFrame } from "./protocol.ts";
import type { OutputLine } from "./scrollback.ts";
import type { ShownReporter } from "./shown-reporter.ts";
import { splitPaste } from "./split-paste.ts";

/** What the client shows; the DOM implements it in main.ts. */
export interface GameScreen {
  /** Adds a line; `time` is when it happened (an event's own time), now when absent. */
  output(line: Omit<OutputLine, "id" | "time"> & { readonly time?: number }): void;
  /** Login form, character menu or the game. */
  mode(
    mode:
      | { readonly kind: "login" }
      | { readonly kind: "menu"; readonly characters: readonly string[] }
      | { readonly kind: "playing" },
  ): void;
  passwordInput(on: boolean): void;
  panelsChanged(): void;
  /** A scene list, a page of a scene's log, or a refusal, for the Scenes panel. */
  scenes(frame: Extract<ServerFrame, { type: "scenes" | "sceneLog" | "sceneRefused" }>): void;
}

/** What the client needs. */
export interface GameClientDeps {
  readonly link: GameLink;
  readonly queue: CommandQueue;
  readonly credentials: CredentialStore;
  readonly history: InputHistory;
  readonly login: LoginDriver;
  readonly panels: PanelState;
  readonly screen: GameScreen;
  readonly shown: ShownReporter;
}

/** The client's reactions to frames and to what the player types. */
export interface GameClient {
  frame(frame: ServerFrame): Promise<void>;
  /** The player pressed Enter (or pasted): one command or login line per line. */
  submit(text: string): Promise<void>;
  logout(): Promise<void>;
  /** The socket closed. */
  closed(): void;
  readonly playing: boolean;
}

const textLine = (value: string, quiet = false) =>
  ({ source: { kind: "text", value }, links: [], quiet }) as const;

/** Creates the client. */
export function createGameClient(deps: GameClientDeps): GameClient {
  const { screen, queue } = deps;
  let playing = false;
  let password = false;
  /** A replay being received: shown whole at its end, without what this tab had shown before. */
  let replay:
    | { skipped: number; presence: number; events: Extract<ServerFrame, { type: "event" }>[] }
    | undefined;
  let client: string | undefined;

  const linksOf = (eventType: string): SpanAction[] => {
    const { room, online } = deps.panels.snapshot();
    const names = [...new Set([...room.present, ...online])].map((name) => ({ kind: "name", name }) as const);
    const exits = eventType === "look" ? room.exits.map((name) => ({ kind: "exit", name }) as const) : [];
    return [...exits, ...names];
  };
  const setPassword = (on: boolean) => {
    password = on;
    screen.passwordInput(on);
  };

  const showEvent = (frame: Extract<ServerFrame, { type: "event" }>, quiet: boolean) => {
    if (frame.payload && deps.panels.event(frame.eventType, frame.payload)) screen.panelsChanged();
    if (frame.markup !== undefined)
      screen.output({
        source: { kind: "markup", value: frame.markup },
        position: frame.position,
        links: linksOf(frame.eventType),
        quiet,
        ...(frame.time === undefined ? {} : { time: frame.time }),
        ...(frame.stamped ? { stamped: true } : {}),
      });
    deps.shown.shown(frame.position);
  };
  const showReplay = (done: NonNullable<typeof replay>) => {
    if (done.presence > 0) {
      const many = done.presence === 1 ? "arrival or departure" : "arrivals and departures";
      const are = done.presence === 1 ? "is" : "are";
      screen.output(textLine(`(${done.presence} ${many} while you were away ${are} not shown.)`));
    }
    const count = done.events.filter((e) => e.markup !== undefined).length;
    if (count > 0 || done.skipped > 0) {
      const skipped = done.skipped > 0 ? ` (${done.skipped} older ones could not be shown)` : "";
      screen.output(textLine(`--- ${count} ${count === 1 ? "missed event" : "missed events"}${skipped} ---`));
    }
    for (const event of done.events) showEvent(event, true);
  };

  const welcome = async (id: string) => {
    // The credentials still stored are those the hello offered: the session frame that replaces them follows.
    const tried = deps.credentials.load()?.client;
    if (tried !== undefined && tried !== id) {
      deps.credentials.clear();
      screen.output(textLine("Your session could not be resumed; please log in again."));
    }
    if (client !== undefined && client !== id && playing) {
      playing = false;
      await queue.playing(false);
    }
    client = id;
    const moved = await queue.connected(id);
    if (moved > 0)
      screen.output(
        textLine(`${moved} pending command${moved === 1 ? "" : "s"} will be sent once you are back in play.`),
      );
  };

  return {
    async frame(frame) {
      switch (frame.type) {
        case "welcome":
          return welcome(frame.client);
        case "text":
          return screen.output(textLine(frame.text));
        case "markup":
          return screen.output({
            source: { kind: "markup", value: frame.markup },
            links: linksOf(""),
            quiet: false,
          });
        case "prompt":
          setPassword(frame.password);
          if (deps.login.prompt(frame.password)) return;
          return screen.output(textLine(frame.text));
        case "state":
          setPassword(false);
          deps.login.reset();
          playing = frame.state === "playing";
          if (playing) deps.history.use(frame.character?.name ?? "");
          else deps.panels.reset();
          screen.mode({ kind: playing ? "playing" : "login" });
          screen.panelsChanged();
          return queue.playing(playing);
        case "characters":
          return screen.mode({ kind: "menu", characters: frame.characters });
        case "session":
          return deps.shown.session(frame.session);
        case "event":
          // Invariant: an event this tab (or the tab before a reload) already showed is never shown again.
          if (replay) {
            if (frame.position > deps.shown.last) replay.events.push(frame);
            else if (frame.payload && deps.panels.event(frame.eventType, frame.payload))
              screen.panelsChanged();
            return;
          }
          return showEvent(frame, false);
        case "missed":
          replay = { skipped: frame.skipped, presence: frame.presence ?? 0, events: [] };
          return;
        case "missedEnd": {
          const done = replay;
          replay = undefined;
          if (done) showReplay(done);
          if (frame.position !== undefined) deps.shown.shown(frame.position);
          return;
        }
        case "gmcp":
          if (deps.panels.gmcp(frame.package, frame.data)) screen.panelsChanged();
          return;
        case "done":
          return queue.done(frame.seq);
        case "busy":
          queue.busy(frame.seq);
          return screen.output(textLine(frame.text));
        case "error":
          return screen.output(textLine(frame.message));
        case "pong":
          return;
        case "scenes":
        case "sceneLog":
        case "sceneRefused":
          return screen.scenes(frame);
      }
    },
    async submit(text) {
      const lines = password ? [text.replace(/\r?\n$/, "")] : splitPaste(text);
      for (const line of lines) {
        if (playing && !password) {
          deps.history.add(line);
          screen.output({ source: { kind: "echo", value: line }, links: [], quiet: true });
          await queue.enqueue(line);
        } else if (!deps.link.send({ type: "line", text: line })) {
          screen.output(textLine("Not connected yet; type that again once the game is back."));
          return;
        }
      }
    },
    async logout() {
      // Forget the session first: the reconnect after the gateway closes must show the login screen.
      deps.credentials.clear();
      await queue.enqueue("quit");
    },
    closed() {
      queue.disconnected();
      deps.login.reset();
    },
    get playing() {
      return playing;
    },
  };
}
