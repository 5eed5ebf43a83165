import { closeSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { HoloError } from "#shared/errors/holo-error.ts";
import { ensurePrivateDir } from "./private-dir.ts";

/** What a detached child is started with. */
export interface SpawnDetachedOptions {
  /** The program and its arguments; argv[0] is the executable. */
  readonly argv: readonly string[];
  /** stdout and stderr are appended here; the directory is created 0700. */
  readonly logPath: string;
  /** The child's whole environment; defaults to this process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/**
 * Spawns a child in its own session (setsid) with stdin closed and output appended to the log,
 * and lets this process exit without waiting for it. Returns the child's pid.
 */
export async function spawnDetached(options: SpawnDetachedOptions): Promise<number> {
  const [command] = options.argv;
  if (command === undefined) throw new HoloError("invalid_argument", "spawnDetached needs a command.");
  await ensurePrivateDir(dirname(options.logPath));
  const fd = openSync(options.logPath, "a", 0o600);
  try {
    const child = Bun.spawn({
      cmd: [...options.argv],
      env: { ...(options.env ?? process.env) },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      stdio: ["ignore", fd, fd],
      detached: true,
    });
    child.unref();
    return child.pid;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HoloError("failed_precondition", `Cannot start ${command} (${code ?? "error"}).`, {
      cause: error,
    });
  } finally {
    // Invariant: the child holds its own copy of the descriptor; ours is closed either way.
    closeSync(fd);
  }
}
