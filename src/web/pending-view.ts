import type { PendingItem } from "./command-queue.ts";
import { el } from "./dom.ts";

const stateText = { queued: "waiting", sent: "sent", busy: "the game is busy; will retry" } as const;

/** Renders the pending commands, each with Cancel while it was never sent. */
export function renderPending(
  list: HTMLElement,
  items: readonly PendingItem[],
  cancel: (seq: number) => void,
): void {
  list.hidden = items.length === 0;
  list.replaceChildren(
    ...items.map((item) =>
      el(
        "li",
        {},
        el("span", { class: "pending-text" }, item.text),
        el("span", { class: "pending-state" }, ` (${stateText[item.state]})`),
        item.cancellable
          ? el(
              "button",
              { type: "button", "aria-label": `Cancel ${item.text}`, onclick: () => cancel(item.seq) },
              "Cancel",
            )
          : "",
      ),
    ),
  );
}
