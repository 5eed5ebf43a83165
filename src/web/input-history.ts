import { type KeyValueStore, readJson, writeJson } from "./key-value-store.ts";

/** The commands a character typed, walked with ↑/↓ like a shell's history, kept across reloads. */
export interface InputHistory {
  /** Records a sent command and ends any walk. */
  add(command: string): void;
  /** The older entry (↑), given what is in the input now; undefined at the oldest. */
  older(current: string): string | undefined;
  /** The newer entry (↓); past the newest, the draft the walk started from. Undefined when not walking. */
  newer(): string | undefined;
  /** Switches to another character's history (each character keeps its own). */
  use(character: string): void;
}

/** What the history needs. */
export interface InputHistoryDeps {
  readonly store: KeyValueStore;
  readonly limit?: number;
}

const keyOf = (character: string) => `holomush.history.${character}`;

function load(store: KeyValueStore, character: string): string[] {
  const value = readJson(store, keyOf(character));
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Creates the history, starting with the history of no character (the login screen's). */
export function createInputHistory(deps: InputHistoryDeps): InputHistory {
  const limit = deps.limit ?? 500;
  let character = "";
  let entries = load(deps.store, character);
  // Invariant: while walking, `index` is in [0, entries.length]; entries.length means the draft.
  let index: number | undefined;
  let draft = "";
  return {
    add(command) {
      index = undefined;
      if (command.trim() === "" || entries.at(-1) === command) return;
      entries = [...entries, command].slice(-limit);
      writeJson(deps.store, keyOf(character), entries);
    },
    older(current) {
      if (index === undefined) {
        draft = current;
        index = entries.length;
      }
      if (index === 0) return undefined;
      index--;
      return entries[index];
    },
    newer() {
      if (index === undefined) return undefined;
      index++;
      if (index >= entries.length) {
        index = undefined;
        return draft;
      }
      return entries[index];
    },
    use(next) {
      character = next;
      entries = load(deps.store, character);
      index = undefined;
    },
  };
}
