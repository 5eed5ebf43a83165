import { parse } from "yaml";
import { HoloError } from "#shared/errors/holo-error.ts";

/** One help file as read: its path under the help directory (`<category>/<topic>.md`) and its text. */
export interface HelpFile {
  readonly path: string;
  readonly text: string;
}

/** One help topic: `help <name>` (or an alias) shows its Markdown body. */
export interface HelpTopic {
  /** The file's name without `.md`, lower-cased: what `help` lists. */
  readonly name: string;
  /** The heading shown above the body (front matter `title`, else the name). */
  readonly title: string;
  /** Other words that find it (front matter `aliases`), lower-cased. */
  readonly aliases: readonly string[];
  /** Front matter `category`, else the directory the file is in, else `general`. */
  readonly category: string;
  /** The Markdown after the front matter. */
  readonly body: string;
  /** Where it came from, for the logs: `builtin:<path>` or the staff file's path. */
  readonly origin: string;
}

const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const topicName = /^[a-z0-9@+][a-z0-9_@+-]{0,39}$/;

function stringList(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === "string" || typeof v === "number"))
    throw new HoloError("invalid_argument", `${where}: aliases must be a list of words.`);
  return list.map((v) => String(v).trim().toLowerCase()).filter(Boolean);
}

/**
 * Parses a help file: an optional front matter (`title`, `aliases`, `category`) between `---` lines, then
 * Markdown. Throws HoloError("invalid_argument") naming `origin` for a bad name or front matter.
 */
export function parseHelpFile(file: HelpFile, origin: string): HelpTopic {
  const parts = file.path.replaceAll("\\", "/").split("/").filter(Boolean);
  const fileName = parts.at(-1) ?? "";
  const name = fileName.replace(/\.md$/i, "").toLowerCase();
  if (!topicName.test(name))
    throw new HoloError("invalid_argument", `${origin}: "${name}" is not a topic name (a-z, 0-9, - and _).`);
  const match = frontMatter.exec(file.text);
  let meta: Record<string, unknown> = {};
  if (match) {
    let parsed: unknown;
    try {
      parsed = parse(match[1] ?? "");
    } catch (error) {
      throw new HoloError("invalid_argument", `${origin}: the front matter is not YAML.`, { cause: error });
    }
    if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed)))
      throw new HoloError("invalid_argument", `${origin}: the front matter must be a mapping.`);
    meta = (parsed ?? {}) as Record<string, unknown>;
  }
  const text = (key: string) => (typeof meta[key] === "string" ? (meta[key] as string).trim() : undefined);
  const directory = parts.length > 1 ? parts.at(-2)?.toLowerCase() : undefined;
  return {
    name,
    title: text("title") || name,
    aliases: stringList(meta.aliases, origin),
    category: (text("category") || directory || "general").toLowerCase(),
    body: match ? file.text.slice(match[0].length) : file.text,
    origin,
  };
}
