import type { SpanAction } from "./markup-spec.ts";

/** One line of output as received: rendered on demand, so a settings change can render it again. */
export interface OutputLine {
  readonly id: number;
  /** Server markup, a plain gateway line, or the echo of a command the player typed. */
  readonly source: { readonly kind: "markup" | "text" | "echo"; readonly value: string };
  readonly time: number;
  /** The event's position, for events. */
  readonly position?: number;
  /** Words in it that link somewhere (exits of a look, names). */
  readonly links: readonly SpanAction[];
  /** Shown but not announced: replayed events. */
  readonly quiet: boolean;
  /** Shows its time whatever the settings: a replayed event under the player's `timestamps` setting. */
  readonly stamped?: boolean;
}

/** The lines kept for scrolling back: a bounded array; the DOM shows only a window of it. */
export interface Scrollback {
  push(line: Omit<OutputLine, "id">): OutputLine;
  /** The lines from index `start` to `end` (exclusive). */
  slice(start: number, end: number): readonly OutputLine[];
  readonly length: number;
  /** How many lines were dropped from the front so far (indexes shift by this much). */
  readonly dropped: number;
}

/** Creates scrollback holding the newest `limit` lines. */
export function createScrollback(limit = 20_000): Scrollback {
  let lines: OutputLine[] = [];
  let nextId = 1;
  let dropped = 0;
  return {
    push(line) {
      const full = { ...line, id: nextId++ };
      lines.push(full);
      // Dropping in chunks keeps the copy rare: one slice per thousand lines past the limit.
      if (lines.length > limit + 1000) {
        dropped += lines.length - limit;
        lines = lines.slice(lines.length - limit);
      }
      return full;
    },
    slice: (start, end) => lines.slice(start, end),
    get length() {
      return lines.length;
    },
    get dropped() {
      return dropped;
    },
  };
}
