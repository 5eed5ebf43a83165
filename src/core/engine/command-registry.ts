import type { Command } from "./command.ts";

/** A typed line resolved against the registry. */
export type ResolvedLine =
  | {
      readonly kind: "command";
      readonly command: Command;
      readonly args: string;
      readonly word: string;
      readonly switches: readonly string[];
    }
  | { readonly kind: "unknown"; readonly word: string; readonly args: string }
  | { readonly kind: "empty" };

/** The engine's commands by name, alias and prefix; `help` and docs/commands.md come from it. */
export interface CommandRegistry {
  resolve(line: string): ResolvedLine;
  /** The command called `word` (name or alias, any case), or undefined. */
  find(word: string): Command | undefined;
  /** Every command, in registration order. */
  list(): readonly Command[];
}

/** Creates a registry; a name, alias or prefix used twice throws, so a clash fails at start. */
export function createCommandRegistry(commands: readonly Command[]): CommandRegistry {
  const words = new Map<string, Command>();
  const prefixes = new Map<string, Command>();
  const claim = (map: Map<string, Command>, key: string, command: Command) => {
    const taken = map.get(key);
    if (taken) throw new Error(`"${key}" is claimed by both ${taken.name} and ${command.name}.`);
    map.set(key, command);
  };
  for (const command of commands) {
    for (const word of [command.name, ...(command.aliases ?? [])]) claim(words, word.toLowerCase(), command);
    for (const prefix of command.prefixes ?? []) claim(prefixes, prefix, command);
  }
  return {
    resolve(line) {
      const trimmed = line.trim();
      if (trimmed === "") return { kind: "empty" };
      const first = trimmed[0] as string;
      const prefixed = prefixes.get(first);
      if (prefixed) {
        return {
          kind: "command",
          command: prefixed,
          args: trimmed.slice(1).trim(),
          word: first,
          switches: [],
        };
      }
      const match = /^(\S+)\s*(.*)$/s.exec(trimmed);
      const typed = (match?.[1] ?? "").toLowerCase();
      const args = (match?.[2] ?? "").trim();
      const [word = "", ...switches] = typed.split("/");
      // A MUSH's `+who` or `+finger`: a `+word` runs the command of that word when there is one, and only
      // otherwise reaches the channel fallback (`+public hello`).
      const command = words.get(word) ?? (word.startsWith("+") ? words.get(word.slice(1)) : undefined);
      if (!command) return { kind: "unknown", word: typed, args };
      return { kind: "command", command, args, word, switches };
    },
    find: (word) => words.get(word.toLowerCase()),
    list: () => commands,
  };
}
