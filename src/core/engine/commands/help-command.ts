import type { HelpIndex } from "#core/help/help-index.ts";
import type { HelpTopic } from "#core/help/help-topic.ts";
import { HELP_WIDTH, renderHelpMarkdown } from "#core/help/render-help.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import { type Command, type EngineResult, reply } from "../command.ts";

/** One command `help` knows of: the registry's and the plugins'. */
export interface HelpEntry {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly help: string;
}

/** Where `help` reads: the current topics (reloadable) and every command now registered. */
export interface HelpSources {
  readonly index: () => HelpIndex;
  readonly entries: () => readonly HelpEntry[];
}

const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `label` then the comma-separated `names`, wrapped with a hanging indent under the label. */
function listLine(label: string, names: readonly string[]): Markup[] {
  const lines: string[] = [];
  let line = "";
  for (const [i, name] of names.entries()) {
    const piece = `${name}${i < names.length - 1 ? "," : ""}`;
    if (line && 4 + label.length + line.length + 1 + piece.length > HELP_WIDTH) {
      lines.push(line);
      line = piece;
    } else line = line ? `${line} ${piece}` : piece;
  }
  lines.push(line);
  const pad = " ".repeat(label.length + 4);
  return lines.map((l, i) => (i === 0 ? markup`  %[bold]${label}:%[/] ${l}` : markup`${pad}${l}`));
}

function overview(index: HelpIndex, entries: readonly HelpEntry[]): EngineResult {
  const untopical = entries.filter((e) => !index.find(e.name)).map((e) => e.name);
  return reply([
    markup`%[bold]Help topics%[/] - type help <topic> to read one, help search <word> to search them.`,
    ...index.categories().flatMap((c) => listLine(title(c.name), c.topics)),
    ...(untopical.length > 0 ? listLine("More commands", [...new Set(untopical)].sort()) : []),
    markup`New here? Start with help newbie.`,
  ]);
}

function showTopic(index: HelpIndex, topic: HelpTopic): EngineResult {
  const category = index.categories().find((c) => c.name === topic.name);
  const others = category?.topics.filter((t) => t !== topic.name) ?? [];
  return reply([
    markup`%[bold]${topic.title}%[/]`,
    markup``,
    ...renderHelpMarkdown(topic.body),
    ...(others.length > 0 ? [markup``, ...listLine(`Topics on ${topic.name}`, others)] : []),
  ]);
}

function search(index: HelpIndex, word: string): EngineResult {
  if (!word) return reply([markup`Search for what? help search <word>`]);
  const found = index.search(word).map((t) => t.name);
  if (found.length === 0) return reply([markup`No help topic mentions "${word}".`]);
  return reply(listLine(`Topics that mention "${word}"`, found));
}

/** help: the categories and their topics, one topic (or command), a search, or close matches. */
export function helpCommand(sources: HelpSources): Command {
  return {
    name: "help",
    aliases: ["+help"],
    help: "help [<topic>] / help search <word> - list the help topics, read one, or search them.",
    permission: "play",
    async run(_ctx, args) {
      const index = sources.index();
      const entries = sources.entries();
      if (!args) return overview(index, entries);
      const searched = /^search(?:\s+(.*))?$/is.exec(args);
      if (searched && !index.find(args)) return search(index, (searched[1] ?? "").trim());
      const word = args.trim().toLowerCase().replace(/^\//, "");
      const direct = index.find(word);
      if (direct) return showTopic(index, direct);
      const entry = entries.find((e) => e.name === word || (e.aliases ?? []).includes(word));
      const topic = entry && index.find(entry.name);
      if (topic) return showTopic(index, topic);
      if (entry) return reply([markup`${entry.help}`]);
      const close = [
        ...new Set([
          ...index.closeTo(word),
          ...entries.filter((e) => e.name.startsWith(word)).map((e) => e.name),
        ]),
      ];
      return reply([
        close.length > 0
          ? markup`There is no help on "${args}". Did you mean: ${close.join(", ")}?`
          : markup`There is no help on "${args}". Try help search ${word}, or help for every topic.`,
      ]);
    },
  };
}
