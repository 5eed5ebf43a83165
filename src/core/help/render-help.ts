import { type Markup, playerText } from "#shared/markup/markup.ts";

/** The width help is wrapped at: a telnet client's 80 columns less a margin; the gateway wraps narrower ones. */
export const HELP_WIDTH = 78;

/** A run of inline text, bold or not. */
interface Run {
  readonly text: string;
  readonly bold: boolean;
}

/** Inline Markdown: `**bold**` and headings are bold, `` `code` `` is shown as is, `[text](url)` as text (url). */
function inlineRuns(line: string, bold = false): Run[] {
  const runs: Run[] = [];
  const pattern = /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) runs.push({ text: line.slice(last, at), bold });
    if (match[1] !== undefined) runs.push({ text: match[1], bold });
    else if (match[2] !== undefined) runs.push({ text: match[2], bold: true });
    else runs.push({ text: `${match[3]} (${match[4]})`, bold });
    last = at + match[0].length;
  }
  if (last < line.length) runs.push({ text: line.slice(last), bold });
  return runs;
}

/** Words with their style; a word split across runs (`**say**:`) keeps each piece's style. */
type Word = readonly Run[];

function words(runs: readonly Run[]): Word[] {
  const out: Run[][] = [];
  let current: Run[] = [];
  for (const run of runs) {
    const pieces = run.text.split(/(\s+)/);
    for (const piece of pieces) {
      if (piece === "") continue;
      if (/^\s+$/.test(piece)) {
        if (current.length > 0) out.push(current);
        current = [];
      } else current.push({ text: piece, bold: run.bold });
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

const widthOf = (word: Word) => word.reduce((n, r) => n + [...r.text].length, 0);

/** One line of words as markup: text sanitised and escaped, bold pieces (and the spaces between them) in bold. */
function toMarkup(prefix: string, line: readonly Word[]): Markup {
  const runs: Run[] = [{ text: prefix, bold: false }];
  line.forEach((word, i) => {
    if (i > 0) runs.push({ text: " ", bold: (word[0]?.bold ?? false) && (runs.at(-1)?.bold ?? false) });
    runs.push(...word);
  });
  let out = "";
  let open = false;
  for (const run of runs) {
    if (run.bold !== open) out += run.bold ? "%[bold]" : "%[/]";
    open = run.bold;
    out += playerText(run.text);
  }
  return (open ? `${out}%[/]` : out) as Markup;
}

/** Greedy wrap at HELP_WIDTH: the first line after `first`, the rest after `rest` (a hanging indent). */
function wrapRuns(runs: readonly Run[], first: string, rest: string): Markup[] {
  const lines: Markup[] = [];
  let line: Word[] = [];
  let used = 0;
  let prefix = first;
  for (const word of words(runs)) {
    const width = widthOf(word);
    if (line.length > 0 && prefix.length + used + 1 + width > HELP_WIDTH) {
      lines.push(toMarkup(prefix, line));
      prefix = rest;
      line = [];
      used = 0;
    }
    used += (line.length > 0 ? 1 : 0) + width;
    line.push(word);
  }
  if (line.length > 0) lines.push(toMarkup(prefix, line));
  return lines;
}

const listItem = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/;

/**
 * Renders a help topic's Markdown as lines of server markup for a terminal: headings bold, paragraphs joined
 * and wrapped, list items indented with a hanging indent, code (fenced or indented) and tables as they are.
 */
export function renderHelpMarkdown(markdown: string): Markup[] {
  const out: Markup[] = [];
  let paragraph: string[] = [];
  let item: { first: string; rest: string; text: string[] } | undefined;
  const blank = () => {
    if (out.length > 0 && out.at(-1) !== "") out.push("" as Markup);
  };
  const flush = () => {
    if (paragraph.length > 0) out.push(...wrapRuns(inlineRuns(paragraph.join(" ")), "", ""));
    if (item) out.push(...wrapRuns(inlineRuns(item.text.join(" ")), item.first, item.rest));
    paragraph = [];
    item = undefined;
  };
  let fence = false;
  for (const raw of markdown.replaceAll("\r\n", "\n").split("\n")) {
    const line = raw.replace(/\s+$/, "");
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      fence = !fence;
      continue;
    }
    if (fence) {
      out.push(playerText(`    ${line}`));
      continue;
    }
    if (line === "") {
      flush();
      blank();
      continue;
    }
    // Indented code: four spaces, not continuing a paragraph or a list item (as in CommonMark).
    if (paragraph.length === 0 && !item && /^ {4}/.test(line)) {
      out.push(playerText(line));
      continue;
    }
    const h = heading.exec(line);
    const li = listItem.exec(line);
    if (h) {
      flush();
      blank();
      out.push(...wrapRuns(inlineRuns(h[1] ?? "", true), "", ""));
    } else if (/^\s*\|/.test(line)) {
      flush();
      if (!/^\s*\|[\s|:-]+\|?$/.test(line)) out.push(playerText(`  ${line.trim()}`));
    } else if (li) {
      flush();
      const depth = Math.floor((li[1] ?? "").length / 2);
      const indent = "  ".repeat(depth + 1);
      const marker = /\d/.test(li[2] ?? "") ? (li[2] as string) : "-";
      item = {
        first: `${indent}${marker} `,
        rest: `${indent}${" ".repeat(marker.length + 1)}`,
        text: [li[3] ?? ""],
      };
    } else if (item && /^\s+\S/.test(line)) item.text.push(line.trim());
    else {
      if (item) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  while (out.at(-1) === "") out.pop();
  return out;
}
