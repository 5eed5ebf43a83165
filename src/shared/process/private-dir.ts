import { chmod, mkdir, stat } from "node:fs/promises";
import { HoloError } from "#shared/errors/holo-error.ts";

/**
 * Creates `dir` (and parents) with mode 0700. An existing directory of ours that group or others can
 * reach is tightened to 0700; one owned by someone else is refused.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const info = await stat(dir);
    if (!info.isDirectory())
      throw new HoloError("failed_precondition", `${dir} exists and is not a directory.`);
    if ((info.mode & 0o077) === 0) return;
    if (process.getuid && info.uid !== process.getuid()) {
      throw new HoloError(
        "failed_precondition",
        `${dir} belongs to another user and is open to others; choose a private directory.`,
      );
    }
    await chmod(dir, 0o700);
  } catch (error) {
    if (error instanceof HoloError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new HoloError("failed_precondition", `Cannot create the directory ${dir} (${code ?? "error"}).`, {
      cause: error,
    });
  }
}
