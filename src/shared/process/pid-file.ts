import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ensurePrivateDir } from "./private-dir.ts";

/** Writes `pid` to `path` atomically (temp file + rename), mode 0644, inside a 0700 directory. */
export async function writePidFile(path: string, pid: number): Promise<void> {
  const dir = dirname(path);
  await ensurePrivateDir(dir);
  const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  await writeFile(temp, `${pid}\n`, { mode: 0o644 });
  await rename(temp, path);
}

/** The pid in `path`, or undefined when the file is missing or does not hold a positive integer. */
export async function readPidFile(path: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  const trimmed = text.trim();
  if (!/^[0-9]{1,10}$/.test(trimmed)) return undefined;
  const pid = Number(trimmed);
  return pid > 0 && pid <= 0x7fffffff ? pid : undefined;
}

/**
 * Removes the pid file. With `onlyIfPid`, removes it only while it still names that pid, so a
 * stopping process never deletes the file of a newer one. Missing files are fine.
 */
export async function removePidFile(path: string, onlyIfPid?: number): Promise<void> {
  if (onlyIfPid !== undefined && (await readPidFile(path)) !== onlyIfPid) return;
  await rm(path, { force: true });
}
