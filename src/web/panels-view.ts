import { byId, el } from "./dom.ts";
import type { PanelSnapshot } from "./panel-state.ts";

/** What a click in a panel does. */
export interface PanelActions {
  readonly go: (exit: string) => void;
  readonly page: (name: string) => void;
  readonly readChannel: (channel: string) => void;
}

const nameButtons = (names: readonly string[], page: (name: string) => void) =>
  names.map((name) =>
    el(
      "li",
      {},
      el(
        "button",
        { type: "button", class: "link name", title: `Page ${name}`, onclick: () => page(name) },
        name,
      ),
    ),
  );

/** Renders the Room, Channels and Who panels from a snapshot. */
export function renderPanels(snapshot: PanelSnapshot, actions: PanelActions): void {
  const { room } = snapshot;
  byId("room-name").textContent = room.name || "Nowhere yet";
  byId("room-exits").replaceChildren(
    ...room.exits.map((exit) =>
      el("li", {}, el("button", { type: "button", class: "exit", onclick: () => actions.go(exit) }, exit)),
    ),
  );
  byId("room-present").replaceChildren(...nameButtons(room.present, actions.page));
  byId("channel-list").replaceChildren(
    ...snapshot.channels.map((c) =>
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", class: "channel", onclick: () => actions.readChannel(c.name) },
          c.name,
          c.unread > 0 ? el("span", { class: "unread" }, ` ${c.unread} unread`) : "",
        ),
      ),
    ),
  );
  byId("who-list").replaceChildren(...nameButtons(snapshot.online, actions.page));
}

/** Wires the Room, Channels, Who and Scenes toggles; panels start collapsed on narrow screens. */
export function wirePanelToggles(narrow: boolean): void {
  for (const id of ["room", "channels", "who", "scenes"]) {
    const button = byId<HTMLButtonElement>(`toggle-${id}`);
    const panel = byId(`panel-${id}`);
    const set = (open: boolean) => {
      button.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
    };
    set(!narrow);
    button.addEventListener("click", () => set(button.getAttribute("aria-expanded") !== "true"));
  }
}
