import type { Command } from "./command.ts";
import { defaultWho as who } from "./permissions.ts";

/** The markers around the generated command list in docs/commands.md. */
export const COMMANDS_DOC_MARKERS = {
  begin: "<!-- commands:begin (generated from the command registry by scripts/commands-doc.ts) -->",
  end: "<!-- commands:end -->",
} as const;

/** Who the default policies let change a thing: its owner when a builder, and admins (docs/permissions.md). */
const ownerWho = "its owner (a builder), admins";
const cell = (text: string) => text.replaceAll("|", "\\|");

/** The registry's commands as a Markdown table: usage and help, other words, and who may use them. */
export function renderCommandsDoc(commands: readonly Command[]): string {
  const rows = commands.map((c) => {
    const words = [...(c.aliases ?? []), ...(c.prefixes ?? [])].map((w) => `\`${cell(w)}\``).join(", ");
    return `| \`${c.name}\` | ${cell(c.help)} | ${words} | ${c.onTarget ? ownerWho : who[c.permission]} |`;
  });
  return ["| command | help | also | who |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

/** `doc` with the text between the markers replaced by `table`; throws when the markers are missing. */
export function spliceCommandsDoc(doc: string, table: string): string {
  const begin = doc.indexOf(COMMANDS_DOC_MARKERS.begin);
  const end = doc.indexOf(COMMANDS_DOC_MARKERS.end);
  if (begin < 0 || end < begin) throw new Error("docs/commands.md has no command list markers.");
  return `${doc.slice(0, begin + COMMANDS_DOC_MARKERS.begin.length)}\n${table}\n${doc.slice(end)}`;
}
