// The browser app's composition root: the only file that touches the page's globals and chooses adapters.
import { createBackoff } from "./backoff.ts";
import { browserTimers } from "./browser-timers.ts";
import { wireCommandInput } from "./command-input.ts";
import { createCommandQueue } from "./command-queue.ts";
import { createCredentialStore } from "./credentials.ts";
import { byId } from "./dom.ts";
import { createGameClient, type GameScreen } from "./game-client.ts";
import { createGameLink, type LinkStatus } from "./game-link.ts";
import { openIdbPendingStore } from "./idb-pending-store.ts";
import { createInputHistory } from "./input-history.ts";
import { type KeyValueStore, memoryKeyValueStore } from "./key-value-store.ts";
import { createLoginDriver } from "./login-driver.ts";
import { renderCharacterMenu, wireLoginForm } from "./login-view.ts";
import { createOutputView } from "./output-view.ts";
import { createPanelState } from "./panel-state.ts";
import { renderPanels, wirePanelToggles } from "./panels-view.ts";
import { deferredPendingStore, memoryPendingStore, type PendingStore } from "./pending-store.ts";
import { renderPending } from "./pending-view.ts";
import { wireScenesView } from "./scenes-view.ts";
import { createScrollback } from "./scrollback.ts";
import { loadSettings, saveSettings } from "./settings.ts";
import { applySettings, wireSettingsDialog } from "./settings-dialog.ts";
import { createShownReporter } from "./shown-reporter.ts";
import { registerServiceWorker } from "./update-prompt.ts";

const statusText: Readonly<Record<LinkStatus, string>> = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  restarting: "The game is restarting…",
  offline: "Offline",
};

function localStore(): KeyValueStore {
  try {
    localStorage.setItem("holomush.probe", "1");
    localStorage.removeItem("holomush.probe");
    return localStorage;
  } catch {
    return memoryKeyValueStore();
  }
}

async function pendingStore(): Promise<PendingStore> {
  try {
    // An IndexedDB that never answers (blocked by another tab, a broken profile) must not stop the game.
    const gaveUp = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 5000));
    return await Promise.race([openIdbPendingStore(indexedDB), gaveUp]);
  } catch {
    // Known limitation: without IndexedDB (some private modes) pending commands live only as long as the page.
    return memoryPendingStore();
  }
}

async function start(): Promise<void> {
  const store = localStore();
  let settings = loadSettings(store);
  applySettings(settings);
  const timers = browserTimers();
  const input = byId<HTMLTextAreaElement>("command");
  const credentials = createCredentialStore(store);
  const history = createInputHistory({ store });
  const panels = createPanelState();
  const connection = byId("connection");
  wirePanelToggles(matchMedia("(max-width: 700px)").matches);

  // `send` is needed by views created before the link exists; it resolves at call time.
  let client: ReturnType<typeof createGameClient> | undefined;
  const fill = (text: string) => {
    input.value = text;
    input.focus();
  };
  const output = createOutputView({
    log: byId("output"),
    live: byId("announcer"),
    newLines: byId("new-lines"),
    earlier: byId("earlier"),
    scrollback: createScrollback(),
    timers,
    now: Date.now,
    settings: () => ({ plain: settings.screenReader, timestamps: settings.timestamps }),
    act: (action) =>
      action.kind === "exit" ? void client?.submit(action.name) : fill(`page ${action.name}=`),
  });
  const queue = createCommandQueue({
    store: deferredPendingStore(pendingStore()),
    send: (seq, text) => link.send({ type: "command", seq, text }),
    changed: () => renderPending(byId("pending"), queue.items(), (seq) => void queue.cancel(seq)),
  });
  const link = createGameLink({
    openSocket: (events) => {
      const ws = new WebSocket(`${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws`);
      ws.onopen = () => events.open();
      ws.onmessage = (m) => typeof m.data === "string" && events.message(m.data);
      ws.onclose = (c) => events.close(c.code, c.reason);
      return ws;
    },
    timers,
    backoff: createBackoff({ random: Math.random }),
    credentials,
    onFrame: (frame) => {
      if (frame.type === "welcome") byId("game-name").textContent = frame.game;
      void client?.frame(frame);
    },
    onStatus: (status) => {
      connection.textContent = statusText[status];
    },
    onNotice: (text) => output.add({ source: { kind: "text", value: text }, links: [], quiet: false }),
    onClosed: () => client?.closed(),
    width: () => Math.floor(byId("output").clientWidth / 9) || undefined,
  });
  const login = createLoginDriver((text) => link.send({ type: "line", text }));
  const scenes = wireScenesView((frame) => link.send(frame));
  const screen: GameScreen = {
    output: (line) => output.add(line),
    mode(mode) {
      byId("login").hidden = mode.kind !== "login";
      byId("menu").hidden = mode.kind !== "menu";
      byId("logout").hidden = mode.kind !== "playing";
      if (mode.kind === "playing") scenes.refresh();
      if (mode.kind === "menu")
        renderCharacterMenu(mode.characters, (name) => void link.send({ type: "line", text: name }));
    },
    passwordInput: (on) => input.classList.toggle("masked", on),
    scenes: (frame) => scenes.frame(frame),
    panelsChanged: () =>
      renderPanels(panels.snapshot(), {
        go: (exit) => void client?.submit(exit),
        page: (name) => fill(`page ${name}=`),
        readChannel: (channel) => {
          panels.markRead(channel);
          screen.panelsChanged();
        },
      }),
  };
  const shown = createShownReporter({
    store,
    timers,
    send: (position) => link.send({ type: "shown", position }),
  });
  // A closing or hidden tab reports at once what it showed, so the session's cursor is where the player left.
  addEventListener("pagehide", () => shown.flush());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") shown.flush();
  });
  client = createGameClient({ link, queue, credentials, history, login, panels, screen, shown });

  wireLoginForm(login);
  wireCommandInput(input, history, (text) => void client?.submit(text));
  wireSettingsDialog(settings, (next) => {
    settings = next;
    saveSettings(store, next);
    applySettings(next);
    output.rerender();
  });
  byId("logout").addEventListener("click", () => void client?.logout());
  // Focus goes back to the command line after a click in the panels or the output (not in a form field).
  for (const area of [byId("output"), ...document.querySelectorAll("aside")])
    area.addEventListener("click", () => {
      if (!getSelection()?.toString()) input.focus();
    });
  addEventListener("online", () => link.setOnline(true));
  addEventListener("offline", () => link.setOnline(false));
  registerServiceWorker(byId("update"));
  screen.panelsChanged();
  // Queued first: every later queue operation (a welcome's renumbering, a typed command) waits behind it.
  const restoring = queue.restore();
  if (navigator.onLine) link.start();
  else link.setOnline(false);
  await restoring;
}

void start();
