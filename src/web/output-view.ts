import type { Timers } from "#shared/util/timers.ts";
import { el } from "./dom.ts";
import { linkSpans, markupSpans, textSpans } from "./markup-spec.ts";
import type { OutputLine, Scrollback } from "./scrollback.ts";
import { type ActOn, spanElements } from "./span-elements.ts";

/** How lines are shown. */
export interface OutputSettings {
  readonly plain: boolean;
  readonly timestamps: boolean;
}

/** The game output pane. */
export interface OutputView {
  /** Adds a line at the end; it is announced unless quiet. */
  add(line: Omit<OutputLine, "id" | "time"> & { readonly time?: number }): void;
  /** Renders every shown line again (after a settings change). */
  rerender(): void;
}

/** What the view needs. */
export interface OutputViewDeps {
  readonly log: HTMLElement;
  readonly live: HTMLElement;
  readonly newLines: HTMLButtonElement;
  readonly earlier: HTMLButtonElement;
  readonly scrollback: Scrollback;
  readonly timers: Timers;
  readonly now: () => number;
  readonly settings: () => OutputSettings;
  readonly act: ActOn;
}

/** Lines in the DOM while following the end; reading back adds more, a page at a time. */
const windowSize = 500;
const page = 500;

const clock = (time: number) => new Date(time).toLocaleTimeString();

/** Creates the view: a window of the scrollback in the DOM, stuck to the bottom unless the player scrolled up. */
export function createOutputView(deps: OutputViewDeps): OutputView {
  const { log, scrollback } = deps;
  let start = 0; // index (in scrollback terms, plus dropped) of the first line in the DOM
  let unseen = 0;
  let batch: string[] = [];
  let announcing = false;

  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  const render = (line: OutputLine): HTMLElement | undefined => {
    const { plain, timestamps } = deps.settings();
    const spans =
      line.source.kind === "markup"
        ? markupSpans(line.source.value, { plain })
        : textSpans(line.source.value, { plain });
    if (spans.length === 0) return undefined;
    const node = el("div", {
      class: line.source.kind === "echo" ? "line echo" : "line",
      title: clock(line.time),
      "data-id": String(line.id),
    });
    if (line.position !== undefined) node.dataset.position = String(line.position);
    if (timestamps || line.stamped) node.append(el("span", { class: "stamp" }, `${clock(line.time)} `));
    node.append(...spanElements(plain ? spans : linkSpans(spans, line.links), deps.act));
    return node;
  };
  const nodes = (from: number, to: number) =>
    scrollback
      .slice(from - scrollback.dropped, to - scrollback.dropped)
      .map(render)
      .filter((n): n is HTMLElement => n !== undefined);
  const end = () => scrollback.length + scrollback.dropped;
  const showEnd = () => {
    start = Math.max(scrollback.dropped, end() - windowSize);
    log.replaceChildren(...nodes(start, end()));
    log.scrollTop = log.scrollHeight;
    unseen = 0;
    updateButtons();
  };
  const updateButtons = () => {
    deps.newLines.hidden = unseen === 0;
    deps.newLines.textContent = unseen === 1 ? "1 new line" : `${unseen} new lines`;
    deps.earlier.hidden = start <= scrollback.dropped;
  };
  const announce = (text: string) => {
    batch.push(text);
    // Batched: a burst of lines is read as one announcement, not cut off line by line.
    if (announcing) return;
    announcing = true;
    deps.timers.after(400, () => {
      announcing = false;
      deps.live.textContent = batch.slice(-10).join("\n");
      batch = [];
    });
  };

  log.addEventListener("scroll", () => {
    if (unseen > 0 && atBottom()) showEnd();
  });
  deps.newLines.addEventListener("click", showEnd);
  deps.earlier.addEventListener("click", () => {
    const from = Math.max(scrollback.dropped, start - page);
    const before = log.scrollHeight;
    log.prepend(...nodes(from, start));
    start = from;
    log.scrollTop += log.scrollHeight - before;
    updateButtons();
  });

  return {
    add(partial) {
      const following = atBottom();
      const line = scrollback.push({ ...partial, time: partial.time ?? deps.now() });
      if (start < scrollback.dropped) start = scrollback.dropped;
      const node = render(line);
      if (node && !line.quiet) announce(node.textContent ?? "");
      if (!following) {
        if (node) unseen++;
        return updateButtons();
      }
      if (node) log.append(node);
      while (log.childElementCount > windowSize) log.firstElementChild?.remove();
      const first = log.firstElementChild;
      // Ids count from 1 in arrival order, so the first shown line's id says where the window starts.
      if (first instanceof HTMLElement) start = Number(first.dataset.id) - 1;
      log.scrollTop = log.scrollHeight;
      updateButtons();
    },
    rerender: showEnd,
  };
}
