import { type ConsolaInstance, type ConsolaReporter, createConsola, type LogObject } from "consola";
import { escapeLogText } from "./log-escape.ts";

/** How log lines are written. */
export type LogFormat = "json" | "text";

/** The logger every module receives: consola, tagged per module. */
export type Logger = ConsolaInstance;

/** What the logger is created with. */
export interface LoggerConfig {
  readonly service: "core" | "gateway" | "cli";
  readonly version: string;
  readonly format: LogFormat;
  /** Where lines go; defaults to stderr. */
  readonly write?: (line: string) => void;
  /** consola level; 3 is info, 4 debug. */
  readonly level?: number;
}

/** What a reporter prints for one log call: the message, and extra fields from objects and errors. */
function parts(entry: LogObject): { msg: string; fields: Record<string, unknown> } {
  const [first, ...rest] = entry.args;
  const msg =
    typeof first === "string" ? first : first instanceof Error ? first.message : JSON.stringify(first);
  const fields: Record<string, unknown> = {};
  for (const extra of rest) {
    if (extra instanceof Error) fields.error = extra.message;
    else if (extra && typeof extra === "object") Object.assign(fields, extra);
    else if (extra !== undefined) fields.detail = String(extra);
  }
  return { msg, fields };
}

/** A reporter that writes one JSON object per line, with service and version on every line. */
export function jsonReporter(
  service: string,
  version: string,
  write: (line: string) => void,
): ConsolaReporter {
  return {
    log(entry: LogObject) {
      const { msg, fields } = parts(entry);
      const module = entry.tag ? { module: entry.tag } : {};
      const base = { time: entry.date.toISOString(), level: entry.type, service, version, ...module, msg };
      // Invariant: a field never replaces service, version or the other fixed keys; it moves under `fields`.
      const clashing = Object.keys(fields).filter((key) => key in base || key === "module");
      const moved =
        clashing.length > 0 ? { fields: Object.fromEntries(clashing.map((k) => [k, fields[k]])) } : {};
      for (const key of clashing) delete fields[key];
      const record = { ...base, ...fields, ...moved };
      // JSON.stringify escapes C0 controls but not DEL, C1, bidi or invisible characters; those are escaped too.
      write(`${escapeLogText(JSON.stringify(record))}\n`);
    },
  };
}

/** A reporter that writes readable text lines, still naming service and version, with control characters escaped. */
export function textReporter(
  service: string,
  version: string,
  write: (line: string) => void,
): ConsolaReporter {
  return {
    log(entry: LogObject) {
      const { msg, fields } = parts(entry);
      const extras = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : "";
      const tag = entry.tag ? ` [${entry.tag}]` : "";
      const line = `${entry.date.toISOString()} ${entry.type.padEnd(5)} ${service}@${version}${tag} ${msg}${extras}`;
      // Invariant: one call is one line; a logged value cannot break it or send escapes to the operator's terminal.
      write(`${escapeLogText(line)}\n`);
    },
  };
}

/**
 * Makes `withTag` hand out one logger per tag. consola builds a new instance with a closure per log type on
 * every call, and connections tag their logger when they open: about 60 closures per connection otherwise.
 */
function sharingTags(logger: Logger): Logger {
  const tagged = new Map<string, Logger>();
  const withTag = logger.withTag.bind(logger);
  logger.withTag = (tag: string) => {
    let found = tagged.get(tag);
    if (found === undefined) {
      found = sharingTags(withTag(tag));
      tagged.set(tag, found);
    }
    return found;
  };
  return logger;
}

/** Creates the process logger. */
export function createLogger(config: LoggerConfig): Logger {
  const write = config.write ?? ((line: string) => process.stderr.write(line));
  const reporter =
    config.format === "json"
      ? jsonReporter(config.service, config.version, write)
      : textReporter(config.service, config.version, write);
  return sharingTags(createConsola({ level: config.level ?? 3, reporters: [reporter] }));
}

/** A logger that collects records, for tests. */
export function collectingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const out: string[] = [];
  const logger = sharingTags(
    createConsola({
      level: 5,
      reporters: [jsonReporter("test", "0.0.0", (l) => out.push(l))],
    }),
  );
  return { logger, lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
