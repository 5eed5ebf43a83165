import { open } from "node:fs/promises";

/** How many bytes from the end are read at most, so a huge log never loads whole. */
const maxTailBytes = 64 * 1024;

/** The last `lines` lines of the file at `path` (without a trailing newline), or "" when it is missing. */
export async function tailFile(path: string, lines: number): Promise<string> {
  if (lines <= 0) return "";
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch {
    return "";
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxTailBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    let all = buffer.toString("utf8").split("\n");
    // Known limitation: when the window starts mid-line, that partial first line is dropped.
    if (length < size) all = all.slice(1);
    if (all.at(-1) === "") all.pop();
    return all.slice(-lines).join("\n");
  } finally {
    await handle.close();
  }
}
