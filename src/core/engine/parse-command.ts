/** The commands the engine knows. */
export const commandNames = ["look", "say", "pose", "semipose", "emit", "who", "help", "quit"] as const;

/** One of the commands the engine knows. */
export type CommandName = (typeof commandNames)[number];

/** A parsed line: a known command and its argument text, unknown, or empty. */
export type ParsedCommand =
  | { readonly kind: "command"; readonly name: CommandName; readonly args: string }
  | { readonly kind: "unknown" }
  | { readonly kind: "empty" };

const prefixes: Readonly<Record<string, CommandName>> = { '"': "say", ":": "pose", ";": "semipose" };
const words: Readonly<Record<string, CommandName>> = {
  look: "look",
  l: "look",
  say: "say",
  pose: "pose",
  emit: "emit",
  who: "who",
  help: "help",
  quit: "quit",
};

/** Parses a typed line. Prefixes `"`, `:` and `;` need no space; words are case-insensitive. */
export function parseCommand(line: string): ParsedCommand {
  const trimmed = line.trim();
  if (trimmed === "") return { kind: "empty" };
  const prefixed = prefixes[trimmed[0] as string];
  if (prefixed) return { kind: "command", name: prefixed, args: trimmed.slice(1).trim() };
  const match = /^(\S+)\s*(.*)$/s.exec(trimmed);
  const name = words[(match?.[1] ?? "").toLowerCase()];
  return name ? { kind: "command", name, args: (match?.[2] ?? "").trim() } : { kind: "unknown" };
}
