import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { createHelpIndex, type HelpIndex } from "./help-index.ts";
import { type HelpFile, type HelpTopic, parseHelpFile } from "./help-topic.ts";

/** The largest staff help file read, and the most files: a bigger one is skipped with a warning. */
export const STAFF_HELP_LIMITS = { fileBytes: 64 * 1024, files: 2000 } as const;

/** The help topics of a running game: the built-in ones, with the staff directory's over them. */
export interface HelpLibrary {
  /** The current index (a new one after each reload). */
  index(): HelpIndex;
  /** Reads the staff directory again; returns how many topics there are and how many came from it. */
  reload(): Promise<{ readonly topics: number; readonly staff: number }>;
}

/** What the help library reads. */
export interface HelpLibraryDeps {
  /** The topics compiled into the binary (src/gen/help/help-files.ts). */
  readonly builtin: readonly HelpFile[];
  /** The staff directory (`--help-dir`); absent or missing means none. */
  readonly dir?: string | undefined;
  readonly log: Logger;
}

/** The built-in topics parsed; a malformed one is a bug in the repository, so it throws. */
export function parseBuiltinHelp(files: readonly HelpFile[]): HelpTopic[] {
  return files.map((f) => parseHelpFile(f, `builtin:${f.path}`));
}

/** Reads `<dir>/**\/*.md` as help files; a missing directory has none, a bad file is skipped and logged. */
export async function readStaffHelp(dir: string, log: Logger): Promise<HelpTopic[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true })).filter((p) => p.toLowerCase().endsWith(".md"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new HoloError("unavailable", `The help directory ${dir} cannot be read.`, { cause: error });
  }
  if (entries.length > STAFF_HELP_LIMITS.files) {
    log.warn(
      `help: ${dir} holds ${entries.length} topics; only the first ${STAFF_HELP_LIMITS.files} are read`,
    );
    entries = entries.sort().slice(0, STAFF_HELP_LIMITS.files);
  }
  const topics: HelpTopic[] = [];
  for (const path of entries.sort()) {
    const full = join(dir, path);
    try {
      const size = (await stat(full)).size;
      if (size > STAFF_HELP_LIMITS.fileBytes) {
        log.warn(`help: skipped ${full}: ${size} bytes, more than ${STAFF_HELP_LIMITS.fileBytes}`);
        continue;
      }
      topics.push(parseHelpFile({ path, text: await Bun.file(full).text() }, full));
    } catch (error) {
      log.warn(`help: skipped ${full}`, { error: describeError(error) });
    }
  }
  return topics;
}

/** Opens the library: the built-in topics, then the staff directory's, which add to or replace them. */
export async function openHelpLibrary(deps: HelpLibraryDeps): Promise<HelpLibrary> {
  const builtin = parseBuiltinHelp(deps.builtin);
  let current = createHelpIndex(builtin);
  const reload = async () => {
    const staff = deps.dir ? await readStaffHelp(deps.dir, deps.log) : [];
    current = createHelpIndex([...builtin, ...staff]);
    if (staff.length > 0) deps.log.info(`help: ${staff.length} staff topics from ${deps.dir}`);
    return { topics: current.size, staff: staff.length };
  };
  await reload();
  return { index: () => current, reload };
}
