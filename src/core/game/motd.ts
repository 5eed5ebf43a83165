import { MOTD_STREAM } from "#core/engine/commands/motd-command.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { type Markup, markup, playerText } from "#shared/markup/markup.ts";

/** The longest motd file read, in bytes; the rest is cut off with a warning, so the login event stays small. */
export const MOTD_FILE_MAX_BYTES = 8 * 1024;

/** The operator's motd file: `required` when a setting named it (then it must exist). */
export interface MotdFile {
  readonly path: string;
  readonly required: boolean;
}

/** The message of the day: the operator's file, then the text an admin set with `@motd`. */
export interface Motd {
  /** The message as server markup, or undefined when there is none. */
  current(): Promise<Markup | undefined>;
  /** Reads the file again (core reload); returns whether there is one. */
  reloadFile(): Promise<boolean>;
}

/** What the motd reads. */
export interface MotdDeps {
  readonly events: Pick<EventStore, "readStreams">;
  readonly file?: MotdFile | undefined;
  readonly log: Logger;
}

async function readMotdFile(file: MotdFile, log: Logger): Promise<string> {
  const handle = Bun.file(file.path);
  if (!(await handle.exists())) {
    if (file.required) throw new HoloError("invalid_argument", `--motd-file: ${file.path} does not exist.`);
    return "";
  }
  const bytes = await handle.bytes();
  if (bytes.length > MOTD_FILE_MAX_BYTES)
    log.warn(`motd: ${file.path} is ${bytes.length} bytes; only the first ${MOTD_FILE_MAX_BYTES} are shown`);
  return new TextDecoder().decode(bytes.subarray(0, MOTD_FILE_MAX_BYTES)).trim();
}

/**
 * Opens the motd: reads the file now (a required one that is missing throws). The `@motd` text is read from
 * the store at each login, so every core sharing a store shows the newest.
 */
export async function openMotd(deps: MotdDeps): Promise<Motd> {
  const readFile = () => (deps.file ? readMotdFile(deps.file, deps.log) : Promise.resolve(""));
  let fileText = await readFile();
  return {
    async current() {
      const [latest] = await deps.events.readStreams({ [MOTD_STREAM]: 0 }, 1, { newest: true });
      const set = typeof latest?.payload.text === "string" ? latest.payload.text.trim() : "";
      const parts = [fileText, set].filter(Boolean);
      if (parts.length === 0) return undefined;
      // Both are text, never markup: the file and @motd show as they are written.
      const body = parts.map((p) => playerText(p, { newlines: true })).join("\n\n");
      return `${markup`%[bold]Message of the day%[/]`}\n${body}` as Markup;
    },
    async reloadFile() {
      fileText = await readFile();
      return fileText !== "";
    },
  };
}
